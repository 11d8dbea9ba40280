package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.core.Agent;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;
import dev.rustagent.core.workflow.Workflow.Problem;

class WritingWorkflowsTest {
  private static final ObjectMapper JSON = dev.rustagent.core.internal.CoreJson.MAPPER;
  @TempDir Path dir;

  private Agent agent(ScriptedChatModel model, Approver approver) {
    return Agent.builder().chatModel(model).tools(RustTestTools.registry()).workspace(dir)
        .permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND).build()).approver(approver).build();
  }

  private static String write(String path, String content) {
    return JSON.createObjectNode().put("path", path).put("content", content).toString();
  }

  @Test
  void generatedCodeThatFailsTheCheckIsFedBackUntilItCompiles() throws Exception {
    RustTestTools.crate(dir, "mod kv;\nfn main() {\n    println!(\"{:?}\", kv::parse(\"a = 1\"));\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", write("src/kv.rs", "pub fn parse(line: &str) -> (String, String) {\n    let (k, v) = line.split_once('=');\n    (k.trim().to_string(), v.trim().to_string())\n}\n"))
        .thenText("wrote kv.rs")
        .thenToolCall("write_file", write("src/kv.rs", "pub fn parse(line: &str) -> Option<(String, String)> {\n    let (k, v) = line.split_once('=')?;\n    Some((k.trim().to_string(), v.trim().to_string()))\n}\n"))
        .thenText("fixed the Option")
        .build();
    WorkflowResult result = CodeGenerationWorkflow.builder().agent(agent(model, Approver.approveAll()))
        .spec("a parser for key = value lines").outputFile("src/kv.rs").build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.rounds()).isEqualTo(2);
    assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.resolution()).contains("round 2"));
    String feedback = ((UserMessage) model.requests().get(2).messages().get(1)).singleText();
    assertThat(feedback).contains("`cargo check` fails").contains("E0308");
    assertThat(Files.readString(dir.resolve("src/kv.rs"))).contains("Option<(String, String)>");
  }

  @Test
  void aRefactoringIsCheckedAndThenTheTestsMustStillPass() throws Exception {
    RustTestTools.crate(dir, "fn sum(v: &[i32]) -> i32 {\n    let mut t = 0;\n    for x in v {\n        t += x;\n    }\n    t\n}\n\n"
        + "fn main() {\n    println!(\"{}\", sum(&[1, 2]));\n}\n\n#[test]\nfn sums() {\n    assert_eq!(sum(&[1, 2]), 3);\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", write("src/main.rs", "fn sum(v: &[i32]) -> i32 {\n    v.iter().sum()\n}\n\n"
            + "fn main() {\n    println!(\"{}\", sum(&[1, 2]));\n}\n\n#[test]\nfn sums() {\n    assert_eq!(sum(&[1, 2]), 3);\n}\n"))
        .thenText("sum is an iterator chain now")
        .thenText("the tests pass")
        .build();
    WorkflowResult result = RefactoringWorkflow.of(agent(model, Approver.approveAll()), "sum", "iterator chain", 2).run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.steps(WorkflowStep.Kind.CHECK)).extracting(WorkflowStep::detail)
        .containsExactly("cargo check: passed", "cargo test: passed");
    assertThat(Files.readString(dir.resolve("src/main.rs"))).contains("v.iter().sum()");
    String prompt = ((UserMessage) model.requests().get(0).messages().get(1)).singleText();
    assertThat(prompt).contains("Refactor `sum` to use the iterator chain pattern");
  }

  @Test
  void aRefactoringThatBreaksATestIsFedBackAndGivesUpAtTheCap() throws Exception {
    RustTestTools.crate(dir, "fn double(x: i32) -> i32 {\n    x * 2\n}\n\nfn main() {}\n\n#[test]\nfn doubles() {\n    assert_eq!(double(2), 4);\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", write("src/main.rs", "fn double(x: i32) -> i32 {\n    x + 2\n}\n\nfn main() {}\n\n#[test]\nfn doubles() {\n    assert_eq!(double(2), 4);\n}\n\n#[test]\nfn doubles_three() {\n    assert_eq!(double(3), 6);\n}\n"))
        .thenText("rewrote double")
        .thenText("looked at the tests")
        .thenText("still looking")
        .build();
    WorkflowResult result = RefactoringWorkflow.of(agent(model, Approver.approveAll()), "double", "addition", 2).run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.UNRESOLVED);
    assertThat(result.openProblems()).extracting(Problem::description).containsExactly("test failed: doubles_three");
    String feedback = ((UserMessage) model.requests().get(3).messages().get(1)).singleText();
    assertThat(feedback).contains("`cargo test` fails").contains("test failed: doubles_three");
  }

  @Test
  void aRefusedWriteEndsCodeGenerationWithPermissionDenied() throws Exception {
    RustTestTools.crate(dir, "fn main() {}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", write("src/kv.rs", "pub fn f() {}\n")).thenText("could not write").build();
    WorkflowResult result = CodeGenerationWorkflow.builder().agent(agent(model, Approver.denyAll()))
        .spec("anything").build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.PERMISSION_DENIED);
    assertThat(result.steps(WorkflowStep.Kind.PERMISSION)).extracting(WorkflowStep::detail)
        .anySatisfy(d -> assertThat(d).contains("write_file").contains("refused"));
    assertThat(dir.resolve("src/kv.rs")).doesNotExist();
  }

  @Test
  void anExplanationUsesRustcExplainAndIsRecordedAsAConceptLearned() throws Exception {
    RustTestTools.crate(dir, "fn main() {}\n");
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("A value moved away cannot be used again.").build();
    List<String> recorded = new ArrayList<>();
    WorkflowResult result = LearningWorkflow.of(agent(model, Approver.denyAll()), "E0382",
        LearningWorkflow.Level.BEGINNER, (concept, level, text) -> recorded.add(concept + "/" + level + "/" + text)).run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(result.summary()).isEqualTo("A value moved away cannot be used again.");
    assertThat(recorded).containsExactly("E0382/BEGINNER/A value moved away cannot be used again.");
    String prompt = ((UserMessage) model.lastRequest().messages().get(1)).singleText();
    assertThat(prompt).contains("beginner").contains("used after its contents have been moved");
  }
}
