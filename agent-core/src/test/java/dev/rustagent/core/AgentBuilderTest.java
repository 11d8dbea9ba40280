package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.PermissionPolicy.Permission;

class AgentBuilderTest {
  @TempDir
  Path workspace;

  @Test
  void settersRejectBadValuesAtOnce() {
    Agent.Builder b = Agent.builder();
    assertThatThrownBy(() -> b.maxIterations(0)).hasMessageContaining("max iterations must be between 1 and 1000");
    assertThatThrownBy(() -> b.maxToolCalls(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.contextBudgetTokens(10)).hasMessageContaining("context budget");
    assertThatThrownBy(() -> b.toolTimeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> b.workspace(workspace.resolve("missing"))).hasMessageContaining("not a directory");
    assertThatThrownBy(() -> b.systemPrompt(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> b.chatModel(null)).isInstanceOf(NullPointerException.class).hasMessage("chatModel");
  }

  @Test
  void aChatModelIsRequired() {
    assertThatThrownBy(() -> Agent.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chat model is required");
  }

  @Test
  void unavailableToolsAreLeftOutOfTheModelsToolList() {
    Tool missing = new TestTools.DelegatingTool(TestTools.tool("rust_analyzer", JsonObjectSchema.builder().build(),
        Set.of(Action.READ), a -> ToolResult.success(""))) {
      @Override
      public Optional<String> unavailableReason() {
        return Optional.of("rust-analyzer is not installed");
      }
    };
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();

    Agent agent = Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(missing, TestTools.readFile(workspace))).build();
    agent.run("hi");

    assertThat(agent.tools()).extracting(Tool::name).containsExactly("read_file");
    assertThat(model.lastRequest().toolSpecifications()).extracting(s -> s.name()).containsExactly("read_file");
  }

  @Test
  void toBuilderDerivesAChangedCopyAndLeavesTheOriginal() {
    Agent original = Agent.builder().chatModel(ScriptedChatModel.builder().build()).workspace(workspace).build();
    Agent readOnly = original.toBuilder().permissionPolicy(PermissionPolicy.readOnly()).build();

    assertThat(original.permissionPolicy()).isSameAs(PermissionPolicy.defaults());
    assertThat(readOnly.permissionPolicy().setting(Action.MODIFY_CODE)).isEqualTo(Permission.DENY);
    assertThat(readOnly.workspace()).isEqualTo(original.workspace());
  }

  @Test
  void theRustExpertPresetCarriesThePersona() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();
    RustExpert.builder().chatModel(model).workspace(workspace).build().run("hi");

    assertThat(ContextWindow.textOf(model.lastRequest().messages().get(0)))
        .contains("senior Rust engineer").contains("Ask permission before modifying code")
        .contains("Never skip error handling").contains("document the problems you met");
  }
}
