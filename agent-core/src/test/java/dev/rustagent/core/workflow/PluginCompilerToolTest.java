package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.core.Agent;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;

/** A plugin's compiler tool takes part in the workflows through the {@link ProblemReport} contract. */
class PluginCompilerToolTest {
  @TempDir Path dir;

  /** A "cargo" of a plugin: reports an unused `mut` with a suggestion while the file still has it. */
  private final class PluginChecker implements Tool {
    @Override
    public String name() {
      return "cargo";
    }

    @Override
    public String description() {
      return "a plugin's checker";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("subcommand").build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      record Report(List<CompilerDiagnostic> diagnostics) implements ProblemReport {}
      String text = Files.readString(dir.resolve("src/main.rs"));
      if (!text.contains("let mut a")) {
        return ToolResult.success("clean", new Report(List.of()));
      }
      CompilerDiagnostic.Span span = new CompilerDiagnostic.Span("src/main.rs", 2, 9, 2, 13, true, null);
      CompilerDiagnostic warning = new CompilerDiagnostic(CompilerDiagnostic.Level.WARNING, "unused_mut",
          "variable does not need to be mutable", span, List.of(span), List.of(),
          List.of(new CompilerDiagnostic.Suggestion("remove this `mut`", span, "",
              CompilerDiagnostic.Applicability.MACHINE_APPLICABLE)), null);
      return ToolResult.success("1 warning", new Report(List.of(warning)));
    }
  }

  @Test
  void theDebuggingWorkflowAppliesThePluginsSuggestionAndShowsTheEditToolsDiff() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/main.rs"), "fn main() {\n    let mut a = 1;\n    println!(\"{a}\");\n}\n");
    ToolRegistry tools = ToolRegistry.of(new PluginChecker(),
        RustTestTools.registry().find("edit_file").orElseThrow(), RustTestTools.registry().find("read_file").orElseThrow());
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).tools(tools).workspace(dir)
        .permissionPolicy(PermissionPolicy.builder().allow(Action.MODIFY_CODE).build()).build();

    WorkflowResult result = DebuggingWorkflow.builder().agent(agent).autoFix(true).build().run();

    assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
    assertThat(Files.readString(dir.resolve("src/main.rs"))).contains("let a = 1;");
    assertThat(result.steps(WorkflowStep.Kind.PROPOSAL)).singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("-    let mut a = 1;").contains("+    let a = 1;"));
    assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.fixed()).isTrue());
  }
}
