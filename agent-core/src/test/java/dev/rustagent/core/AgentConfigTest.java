package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentConfig.AgentConfigException;

class AgentConfigTest {
  @TempDir
  Path dir;

  private AgentConfigException problemsOf(String toml) {
    return catchThrowableOfType(AgentConfigException.class, () -> AgentConfig.parse(toml, "agent.toml", Map.of()));
  }

  @Test
  void readsTheContextSectionAndLeavesTheOthersToTheirModules() throws Exception {
    Path file = dir.resolve("agent.toml");
    Files.writeString(file, """
        [llm]
        provider = "openai"
        no_such_llm_key = 1

        [memory]
        embeddings = false

        [context]
        max_history_messages = 20
        max_context_tokens = 50000
        include_file_content = false
        include_error_logs = true
        """);

    AgentConfig config = AgentConfig.load(file, Map.of());

    assertThat(config.context()).isEqualTo(new AgentConfig.Context(20, 50000, false, true));
  }

  @Test
  void letsEnvironmentVariablesOverrideTheFile() {
    AgentConfig config = AgentConfig.parse("[context]\nmax_history_messages = 30\n", "agent.toml",
        Map.of("RUST_AGENT_CONTEXT_MAX_HISTORY_MESSAGES", "12", "RUST_AGENT_CONTEXT_INCLUDE_FILE_CONTENT", "true"));

    assertThat(config.context().maxHistoryMessages()).isEqualTo(12);
    assertThat(config.context().includeFileContent()).isTrue();
  }

  @Test
  void theContextDefaultsAreTheAgentBuildersDefaults() {
    Agent fromConfig = Agent.builder().chatModel(dev.rustagent.testkit.ScriptedChatModel.builder().build())
        .config(AgentConfig.defaults()).build();
    Agent plain = Agent.builder().chatModel(dev.rustagent.testkit.ScriptedChatModel.builder().build()).build();

    assertThat(fromConfig.maxSessionMessages).isEqualTo(plain.maxSessionMessages);
    assertThat(fromConfig.includeFileContent).isEqualTo(plain.includeFileContent);
    assertThat(fromConfig.includeErrorLogs).isEqualTo(plain.includeErrorLogs);
    assertThat(fromConfig.contextBudgetTokens).isEqualTo(plain.contextBudgetTokens);
  }

  @Test
  void reportsAnUnknownKeyWithFileSectionAndKnownKeys() {
    AgentConfigException error = problemsOf("[context]\nmax_histroy_messages = 3\n");

    assertThat(error.problems()).singleElement().satisfies(p -> assertThat(p).contains("agent.toml")
        .contains("[context] max_histroy_messages").contains("known: max_history_messages, max_context_tokens"));
  }

  @Test
  void reportsAnUnknownSection() {
    assertThat(problemsOf("[lm]\nmodel = \"x\"\n").getMessage()).contains("agent.toml").contains("unknown section [lm]");
  }

  @Test
  void leavesTheMcpSectionToItsOwnReader() {
    AgentConfig config = AgentConfig.parse("[context]\nmax_history_messages = 9\n[mcp.servers.files]\ncommand = \"npx\"\n",
        "agent.toml", Map.of());

    assertThat(config.context().maxHistoryMessages()).isEqualTo(9);
  }

  @Test
  void reportsAWrongTypeWithTheExpectedType() {
    AgentConfigException error = problemsOf("[context]\nmax_context_tokens = \"lots\"\ninclude_error_logs = 1\n");

    assertThat(error.problems()).containsExactlyInAnyOrder(
        "agent.toml: [context] max_context_tokens must be an integer, got the string \"lots\"",
        "agent.toml: [context] include_error_logs must be a boolean (true or false), got the integer 1");
  }

  @Test
  void reportsAWronglyTypedEnvironmentVariableByName() {
    AgentConfigException error = catchThrowableOfType(AgentConfigException.class,
        () -> AgentConfig.parse("", "agent.toml", Map.of("RUST_AGENT_CONTEXT_MAX_CONTEXT_TOKENS", "many")));

    assertThat(error.getMessage()).contains("RUST_AGENT_CONTEXT_MAX_CONTEXT_TOKENS").contains("an integer")
        .contains("many");
  }

  @Test
  void reportsValuesOutOfRange() {
    AgentConfigException error = problemsOf("[context]\nmax_history_messages = 1\nmax_context_tokens = 10\n");

    assertThat(error.problems()).hasSize(2);
    assertThat(error.getMessage()).contains("max_history_messages").contains("max_context_tokens");
  }

  @Test
  void reportsInvalidTomlWithTheFileName() {
    assertThat(problemsOf("[context\nmax_history_messages = ").getMessage()).startsWith("agent.toml: not valid TOML");
  }

  @Test
  void theAgentBuilderTakesTheContextSection() {
    AgentConfig config = AgentConfig.parse("[context]\nmax_history_messages = 8\nmax_context_tokens = 20000\n",
        "agent.toml", Map.of());
    AgentConfig tooBig = AgentConfig.defaults().withContext(new AgentConfig.Context(8, 20_000_000, true, true));
    Agent.Builder builder = Agent.builder()
        .chatModel(dev.rustagent.testkit.ScriptedChatModel.builder().thenText("ok").build());

    assertThat(builder.config(config).build().run("hi").answer()).isEqualTo("ok");
    assertThatThrownBy(() -> builder.config(tooBig)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("context budget");
  }

  @Test
  void reportsAMissingFile() {
    assertThatThrownBy(() -> AgentConfig.load(dir.resolve("absent.toml"), Map.of()))
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("absent.toml").hasMessageContaining("no such");
  }
}
