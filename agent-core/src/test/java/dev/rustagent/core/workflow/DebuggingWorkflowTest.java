package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.core.Agent;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;

class DebuggingWorkflowTest {
  private static final String CLONE_FIX = """
      {"explanation": "`words` is moved into `total_len`, so it cannot be used afterwards. Cloning keeps a copy.",
       "path": "src/main.rs",
       "old_text": "let total = total_len(words);",
       "new_text": "let total = total_len(words.clone());"}""";

  @TempDir Path dir;

  private final List<ApprovalRequest> asked = new ArrayList<>();

  private Agent agent(ScriptedChatModel model, PermissionPolicy policy, Approver approver) {
    return Agent.builder().chatModel(model).tools(RustTestTools.registry()).workspace(dir)
        .permissionPolicy(policy).approver(request -> {
          asked.add(request);
          return approver.approve(request);
        }).build();
  }

  private static PermissionPolicy commandsAllowed() {
    return PermissionPolicy.builder().allow(Action.RUN_COMMAND).build();
  }

  private String main() throws Exception {
    return Files.readString(dir.resolve("src/main.rs"));
  }

  @Test
  void modelFixIsExplainedShownAsDiffApprovedAppliedAndRechecked() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(main()).contains("total_len(words.clone())");
    assertThat(result.steps(WorkflowStep.Kind.DIAGNOSTIC)).extracting(WorkflowStep::detail)
        .anySatisfy(d -> assertThat(d).contains("E0382").contains("src/main.rs:8"));
    assertThat(result.steps(WorkflowStep.Kind.EXPLANATION)).extracting(WorkflowStep::detail)
        .anySatisfy(d -> assertThat(d).startsWith("rustc --explain E0382").contains("moved"))
        .anySatisfy(d -> assertThat(d).startsWith("model:").contains("Cloning keeps a copy"));
    assertThat(result.steps(WorkflowStep.Kind.PROPOSAL).get(0).detail())
        .contains("-    let total = total_len(words);").contains("+    let total = total_len(words.clone());");
    assertThat(asked).hasSize(2).allSatisfy(r -> assertThat(r.tool()).isEqualTo("edit_file"));
    assertThat(result.steps(WorkflowStep.Kind.CHECK)).extracting(WorkflowStep::detail)
        .containsExactly("cargo check: 1 error(s), 1 warning(s)", "cargo check: no errors, 1 warning(s)",
            "cargo check: clean");
    assertThat(result.problems()).hasSize(2).allSatisfy(p -> assertThat(p.fixed()).isTrue());
    assertThat(result.problems().get(0).description()).contains("E0382");
    assertThat(result.problems().get(0).resolution()).contains("model's fix");
    assertThat(result.problems().get(1).description()).contains("unused_mut");
    assertThat(result.problems().get(1).resolution()).contains("applied rustc's suggestion (remove this `mut`)");
    assertThat(main()).contains("let words = vec!");
  }

  @Test
  void theModelSeesTheDiagnosticTheExplanationAndTheFile() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    DebuggingWorkflow.builder().agent(agent(model, commandsAllowed(), Approver.approveAll())).build().run();

    String prompt = ((UserMessage) model.requests().get(0).messages().get(1)).singleText();
    assertThat(prompt).contains("borrow of moved value").contains("rustc --explain E0382")
        .contains("fn total_len(words: Vec<String>)");
    assertThat(model.requests().get(0).toolSpecifications()).isEmpty();
  }

  @Test
  void autoFixAppliesMachineApplicableSuggestionsWithoutTheModelWhenEditsAreAllowed() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().build();
    PermissionPolicy policy = PermissionPolicy.builder().allow(Action.RUN_COMMAND, Action.MODIFY_CODE).build();
    WorkflowResult result = DebuggingWorkflow.builder().agent(agent(model, policy, Approver.denyAll()))
        .autoFix(true).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(model.callCount()).isZero();
    assertThat(asked).isEmpty();
    assertThat(main()).contains("total_len(words.clone())").contains("let words = vec!");
    assertThat(result.fixedProblems()).hasSize(2)
        .allSatisfy(p -> assertThat(p.resolution()).contains("applied rustc's suggestion"));
  }

  @Test
  void autoFixUnderAnAskingPolicyGoesThroughTheModelAndTheApprover() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).autoFix(true).maxRounds(3).build().run();

    assertThat(model.callCount()).isEqualTo(1);
    assertThat(asked).isNotEmpty();
    assertThat(result.steps(WorkflowStep.Kind.NOTE)).extracting(WorkflowStep::detail)
        .anySatisfy(d -> assertThat(d).contains("auto-fix is limited"));
    assertThat(main()).contains("total_len(words.clone())");
  }

  @Test
  void aRefusedFixEndsTheWorkflowWithTheFileUnchanged() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.denyAll())).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.PERMISSION_DENIED);
    assertThat(main()).isEqualTo(RustTestTools.MOVED_VALUE);
    assertThat(result.openProblems()).anySatisfy(p -> assertThat(p.description()).contains("E0382"));
  }

  @Test
  void aLoopThatNeverConvergesStopsAtTheRoundCap() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    String useless = """
        {"explanation": "Adding a comment.", "path": "src/main.rs",
         "old_text": "fn main() {", "new_text": "fn main() { // still broken"}""";
    String undo = """
        {"explanation": "Removing the comment.", "path": "src/main.rs",
         "old_text": "fn main() { // still broken", "new_text": "fn main() {"}""";
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(useless).thenText(undo).thenText(useless).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).maxRounds(3).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.UNRESOLVED);
    assertThat(result.rounds()).isEqualTo(3);
    assertThat(result.summary()).contains("Gave up after 3 round(s)");
    assertThat(model.callCount()).isEqualTo(3);
    assertThat(result.openProblems()).anySatisfy(p -> assertThat(p.description()).contains("E0382"));
  }

  @Test
  void aMalformedModelAnswerIsFedBackAndTheNextAnswerIsUsed() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Just clone it, I think.").thenText(CLONE_FIX).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.steps(WorkflowStep.Kind.NOTE)).extracting(WorkflowStep::detail)
        .anySatisfy(d -> assertThat(d).contains("holds no JSON object"));
    String secondPrompt = ((UserMessage) model.requests().get(1).messages().get(1)).singleText();
    assertThat(secondPrompt).contains("Your previous proposal could not be used");
  }

  @Test
  void cancellationWhileTheModelIsAskedStopsWithoutChangingTheFile() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    CancellationToken token = CancellationToken.create();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).build()
        .run(step -> {
          if (step.kind() == WorkflowStep.Kind.MODEL) {
            token.cancel();
          }
        }, token);

    assertThat(result.status()).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(main()).isEqualTo(RustTestTools.MOVED_VALUE);
  }

  @Test
  void aRefusedWarningSuggestionIsNotProposedAgain() throws Exception {
    RustTestTools.crate(dir, "fn main() {\n    let mut x = 1;\n    println!(\"{}\", x);\n}\n");
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(ScriptedChatModel.builder().build(), commandsAllowed(), Approver.denyAll())).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(asked).hasSize(1);
    assertThat(result.summary()).contains("no errors (1 warning(s) left)");
    assertThat(main()).contains("let mut x");
  }

  @Test
  void reachingTheCapWithOnlyWarningsLeftStillCountsAsSuccess() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    ScriptedChatModel model = ScriptedChatModel.builder().thenText(CLONE_FIX).build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.approveAll())).maxRounds(1).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.summary()).contains("no errors (1 warning(s) left)");
    assertThat(main()).contains("let mut words");
  }

  @Test
  void aCleanCrateSucceedsWithoutAnyFix() throws Exception {
    RustTestTools.crate(dir, "fn main() {\n    println!(\"hi\");\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder().build();
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(model, commandsAllowed(), Approver.denyAll())).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.rounds()).isZero();
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void withoutACargoToolTheWorkflowFailsWithAClearMessage() {
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).tools(ToolRegistry.empty())
        .workspace(dir).build();
    WorkflowResult result = DebuggingWorkflow.builder().agent(agent).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(result.summary()).contains("no 'cargo' tool");
  }

  @Test
  void aRefusedCheckEndsWithPermissionDenied() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    WorkflowResult result = DebuggingWorkflow.builder()
        .agent(agent(ScriptedChatModel.builder().build(), PermissionPolicy.defaults(), Approver.denyAll()))
        .build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.PERMISSION_DENIED);
    assertThat(result.summary()).contains("cargo check was not allowed");
  }
}
