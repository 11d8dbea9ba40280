package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.llm.claude.LlmConfig.Provider;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;

/** The {@code [llm]} section, read beside the proxy it configures. */
class LlmConfigTest {
  /** The configuration file of seed 000, as the seed writes it. */
  static final String SEED_000 = """
      [llm]
      provider = "claude"
      api_endpoint = "http://localhost:8317"
      model = "claude-sonnet-4.5"
      max_tokens = 4096
      temperature = 0.7
      streaming = true
      api_key = ""

      [context]
      max_history_messages = 50
      max_context_tokens = 100000
      include_file_content = true
      include_error_logs = true
      """;
  private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static AgentConfigException problemsOf(String toml) {
    return catchThrowableOfType(AgentConfigException.class, () -> LlmConfig.parse(toml, "agent.toml", Map.of()));
  }

  @Test
  void defaultsToTheLocalProxyAndSonnet46() {
    LlmConfig config = LlmConfig.defaults();

    assertThat(config.provider()).isEqualTo(Provider.ANTHROPIC);
    assertThat(config.apiEndpoint()).isEqualTo("http://localhost:8317");
    assertThat(config.model()).isEqualTo("claude-sonnet-4-6");
    assertThat(config.maxTokens()).isEqualTo(4096);
    assertThat(config.temperature()).isEqualTo(0.7);
    assertThat(config.streaming()).isTrue();
    assertThat(config.apiKey()).isEmpty();
    assertThat(config.promptCaching()).isEqualTo(PromptCaching.FIVE_MINUTES);
  }

  @Test
  void readsEveryKeyFromAFile() throws Exception {
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
        timeout_seconds = 30
        cache_ttl_seconds = 600
        prompt_caching = "1h"
        run_timeout_seconds = 90
        """);

    LlmConfig config = LlmConfig.load(file, Map.of());

    assertThat(config).isEqualTo(new LlmConfig(Provider.OPENAI, "http://127.0.0.1:9000", "claude-opus-4-5-20251101",
        8192, 0.0, false, "sk-local", Duration.ofSeconds(30), Duration.ofMinutes(10), PromptCaching.ONE_HOUR,
        Duration.ofSeconds(90)));
  }

  @Test
  void seed000sConfigLoadsVerbatimAsAnthropicWithTheRetiredModelsSuccessor() {
    LlmConfig llm = LlmConfig.parse(SEED_000, "seed-000.toml", Map.of(), DEC_2026);
    AgentConfig agent = AgentConfig.parse(SEED_000, "seed-000.toml", Map.of());

    assertThat(llm.provider()).isEqualTo(Provider.ANTHROPIC);
    assertThat(llm.model()).isEqualTo("claude-sonnet-4-6");
    assertThat(llm.streaming()).isTrue();
    assertThat(agent.context()).isEqualTo(new AgentConfig.Context(50, 100_000, true, true));
  }

  @Test
  void aModelBeforeItsRetirementIsKept() {
    Clock nov2026 = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

    assertThat(LlmConfig.parse(SEED_000, "seed-000.toml", Map.of(), nov2026).model()).isEqualTo("claude-sonnet-4.5");
  }

  @Test
  void keepsDefaultsForKeysTheFileLeavesOut() {
    LlmConfig config = LlmConfig.parse("[llm]\nmodel = \"claude-haiku-4-5-20251001\"\n", "agent.toml", Map.of());

    assertThat(config.model()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(config.maxTokens()).isEqualTo(4096);
  }

  @Test
  void letsEnvironmentVariablesOverrideTheFile() {
    LlmConfig config = LlmConfig.parse("[llm]\nmodel = \"a\"\nmax_tokens = 100\n", "agent.toml",
        Map.of("RUST_AGENT_LLM_MODEL", "claude-from-env", "RUST_AGENT_LLM_MAX_TOKENS", "2048",
            "RUST_AGENT_LLM_STREAMING", "false", "RUST_AGENT_LLM_RUN_TIMEOUT_SECONDS", "60"));

    assertThat(config.model()).isEqualTo("claude-from-env");
    assertThat(config.maxTokens()).isEqualTo(2048);
    assertThat(config.streaming()).isFalse();
    assertThat(config.runTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theOldVariableNamesStillWork() {
    LlmConfig config = LlmConfig.parse("", "env", Map.of("RUST_AGENT_LLM_URL", "http://proxy.example:9000",
        "RUST_AGENT_MODEL", "claude-old-name"));

    assertThat(config.apiEndpoint()).isEqualTo("http://proxy.example:9000");
    assertThat(config.model()).isEqualTo("claude-old-name");
  }

  @Test
  void theNewVariableNameWinsOverTheOldOne() {
    LlmConfig config = LlmConfig.parse("", "env", Map.of("RUST_AGENT_LLM_MODEL", "new", "RUST_AGENT_MODEL", "old"));

    assertThat(config.model()).isEqualTo("new");
  }

  @Test
  void reportsAnUnknownKeyWithFileSectionAndKnownKeys() {
    AgentConfigException error = problemsOf("[llm]\nmodle = \"x\"\n");

    assertThat(error.problems()).singleElement().satisfies(p ->
        assertThat(p).contains("agent.toml").contains("[llm] modle").contains("known: provider, api_endpoint, model"));
  }

  @Test
  void reportsAWrongTypeWithTheExpectedType() {
    assertThat(problemsOf("[llm]\nmax_tokens = \"lots\"\n").problems())
        .containsExactly("agent.toml: [llm] max_tokens must be an integer, got the string \"lots\"");
  }

  @Test
  void reportsAWronglyTypedEnvironmentVariableByName() {
    AgentConfigException error = catchThrowableOfType(AgentConfigException.class,
        () -> LlmConfig.parse("", "agent.toml", Map.of("RUST_AGENT_LLM_TEMPERATURE", "warm")));

    assertThat(error.getMessage()).contains("RUST_AGENT_LLM_TEMPERATURE").contains("a number").contains("warm");
  }

  @Test
  void reportsEveryValueOutOfRangeAtOnce() {
    AgentConfigException error = problemsOf("[llm]\nprovider = \"gemini\"\napi_endpoint = \"localhost\"\n"
        + "max_tokens = 0\ntemperature = 1.5\nprompt_caching = \"2h\"\n");

    assertThat(error.problems()).hasSize(5);
    assertThat(error.getMessage()).contains("provider").contains("api_endpoint").contains("max_tokens")
        .contains("temperature").contains("prompt_caching");
  }

  @Test
  void theRecordRefusesBadValuesToo() {
    assertThatThrownBy(() -> LlmConfig.defaults().withApiEndpoint("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api_endpoint");
  }

  @Test
  void reportsAMissingFile() {
    assertThatThrownBy(() -> LlmConfig.load(dir.resolve("absent.toml"), Map.of()))
        .isInstanceOf(AgentConfigException.class).hasMessageContaining("absent.toml").hasMessageContaining("no such");
  }
}
