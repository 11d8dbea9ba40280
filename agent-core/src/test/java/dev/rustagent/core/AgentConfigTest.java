package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir
  Path dir;

  private AgentConfigException problemsOf(String toml) {
    return catchThrowableOfType(AgentConfigException.class, () -> AgentConfig.parse(toml, "agent.toml", Map.of()));
  }

  @Test
  void defaultsToTheLocalProxyAndSonnet46() {
    AgentConfig config = AgentConfig.defaults();

    assertThat(config.llm().apiEndpoint()).isEqualTo("http://localhost:8317");
    assertThat(config.llm().model()).isEqualTo("claude-sonnet-4-6");
    assertThat(config.llm().maxTokens()).isEqualTo(4096);
    assertThat(config.llm().temperature()).isEqualTo(0.7);
    assertThat(config.llm().streaming()).isTrue();
    assertThat(config.llm().apiKey()).isEmpty();
  }

  @Test
  void readsBothSectionsFromAFile() throws Exception {
    Path file = dir.resolve("agent.toml");
    Files.writeString(file, """
        [llm]
        provider = "openai"
        api_endpoint = "http://127.0.0.1:9000"
        model = "claude-opus-4-5-20251101"
        max_tokens = 8192
        temperature = 0
        streaming = false
        api_key = "sk-local"
        cache_ttl_seconds = 600

        [context]
        max_history_messages = 20
        max_context_tokens = 50000
        include_file_content = false
        include_error_logs = true
        """);

    AgentConfig config = AgentConfig.load(file, Map.of());

    assertThat(config.llm()).isEqualTo(new AgentConfig.Llm("openai", "http://127.0.0.1:9000",
        "claude-opus-4-5-20251101", 8192, 0.0, false, "sk-local", Duration.ofSeconds(120), Duration.ofMinutes(10)));
    assertThat(config.context()).isEqualTo(new AgentConfig.Context(20, 50000, false, true));
  }

  @Test
  void keepsDefaultsForKeysTheFileLeavesOut() {
    AgentConfig config = AgentConfig.parse("[llm]\nmodel = \"claude-haiku-4-5-20251001\"\n", "agent.toml", Map.of());

    assertThat(config.llm().model()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(config.llm().maxTokens()).isEqualTo(4096);
    assertThat(config.context()).isEqualTo(AgentConfig.Context.defaults());
  }

  @Test
  void letsEnvironmentVariablesOverrideTheFile() {
    AgentConfig config = AgentConfig.parse("[llm]\nmodel = \"a\"\nmax_tokens = 100\n", "agent.toml",
        Map.of("RUST_AGENT_LLM_MODEL", "claude-from-env", "RUST_AGENT_LLM_MAX_TOKENS", "2048",
            "RUST_AGENT_LLM_STREAMING", "false", "RUST_AGENT_CONTEXT_MAX_HISTORY_MESSAGES", "12"));

    assertThat(config.llm().model()).isEqualTo("claude-from-env");
    assertThat(config.llm().maxTokens()).isEqualTo(2048);
    assertThat(config.llm().streaming()).isFalse();
    assertThat(config.context().maxHistoryMessages()).isEqualTo(12);
  }

  @Test
  void theOldVariableNamesStillWork() {
    AgentConfig config = AgentConfig.parse("", "env", Map.of("RUST_AGENT_LLM_URL", "http://proxy.example:9000",
        "RUST_AGENT_MODEL", "claude-old-name"));

    assertThat(config.llm().apiEndpoint()).isEqualTo("http://proxy.example:9000");
    assertThat(config.llm().model()).isEqualTo("claude-old-name");
  }

  @Test
  void theNewVariableNameWinsOverTheOldOne() {
    AgentConfig config = AgentConfig.parse("", "env", Map.of("RUST_AGENT_LLM_MODEL", "new",
        "RUST_AGENT_MODEL", "old"));

    assertThat(config.llm().model()).isEqualTo("new");
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
    AgentConfigException error = problemsOf("[llm]\nmodle = \"x\"\n");

    assertThat(error.problems()).singleElement().satisfies(p ->
        assertThat(p).contains("agent.toml").contains("[llm] modle").contains("known: provider, api_endpoint, model"));
  }

  @Test
  void reportsAnUnknownSection() {
    assertThat(problemsOf("[lm]\nmodel = \"x\"\n").getMessage()).contains("agent.toml").contains("unknown section [lm]");
  }

  @Test
  void leavesTheMcpSectionToItsOwnReader() {
    AgentConfig config = AgentConfig.parse("[llm]\nmodel = \"m\"\n[mcp.servers.files]\ncommand = \"npx\"\n",
        "agent.toml", Map.of());

    assertThat(config.llm().model()).isEqualTo("m");
  }

  @Test
  void reportsAWrongTypeWithTheExpectedType() {
    AgentConfigException error = problemsOf("[llm]\nmax_tokens = \"lots\"\n[context]\ninclude_error_logs = 1\n");

    assertThat(error.problems()).containsExactlyInAnyOrder(
        "agent.toml: [llm] max_tokens must be an integer, got the string \"lots\"",
        "agent.toml: [context] include_error_logs must be a boolean (true or false), got the integer 1");
  }

  @Test
  void reportsAWronglyTypedEnvironmentVariableByName() {
    AgentConfigException error = catchThrowableOfType(AgentConfigException.class,
        () -> AgentConfig.parse("", "agent.toml", Map.of("RUST_AGENT_LLM_TEMPERATURE", "warm")));

    assertThat(error.getMessage()).contains("RUST_AGENT_LLM_TEMPERATURE").contains("a number").contains("warm");
  }

  @Test
  void reportsValuesOutOfRange() {
    AgentConfigException error = problemsOf("[llm]\nprovider = \"gemini\"\napi_endpoint = \"localhost\"\n"
        + "max_tokens = 0\ntemperature = 1.5\n[context]\nmax_history_messages = 1\n");

    assertThat(error.problems()).hasSize(5);
    assertThat(error.getMessage()).contains("provider").contains("api_endpoint").contains("max_tokens")
        .contains("temperature").contains("max_history_messages");
  }

  @Test
  void reportsInvalidTomlWithTheFileName() {
    assertThat(problemsOf("[llm\nmodel = ").getMessage()).startsWith("agent.toml: not valid TOML");
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
