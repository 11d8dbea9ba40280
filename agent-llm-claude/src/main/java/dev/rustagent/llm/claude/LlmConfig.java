package dev.rustagent.llm.claude;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.internal.ConfigTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The {@code [llm]} section of the TOML configuration file: which model endpoint to talk to. Read by
 * {@link #load(Path)} from the file, then overridden by environment variables named
 * {@code RUST_AGENT_LLM_<KEY>} (e.g. {@code RUST_AGENT_LLM_API_ENDPOINT}), and turned into a proxy by
 * {@link ClaudeProxy#fromConfig(LlmConfig)}; the older names
 * {@code RUST_AGENT_LLM_URL} and {@code RUST_AGENT_MODEL} still work with a warning in the log (the new
 * name wins). Other sections of the file belong to other modules and are left alone here
 * ({@code AgentConfig} checks that the file has no unknown section).
 *
 * <pre>
 * [llm]
 * provider = "anthropic"          # or "claude" (the same), or "openai" (the proxy's OpenAI-compatible API)
 * api_endpoint = "http://localhost:8317"
 * model = "claude-sonnet-4-6"     # a retired model is replaced by its successor, with a warning
 * max_tokens = 4096
 * temperature = 0.7
 * streaming = true                # false: answers arrive whole (the CLI's chat prints them at once)
 * api_key = ""                    # empty: the proxy has no keys configured
 * timeout_seconds = 120           # per model request
 * cache_ttl_seconds = 0           # &gt; 0 caches identical requests made at temperature 0
 * prompt_caching = "5m"           # Anthropic prompt-cache breakpoints: "off", "5m" or "1h"
 * run_timeout_seconds = 0         # the most wall time one run may take; 0: no limit
 * </pre>
 *
 * <p>{@code run_timeout_seconds} is the agent's, not the proxy's: hosts pass {@link #runTimeout()} to
 * {@code Agent.Builder.runTimeout} (the CLI does). Unknown keys, wrong types and bad values are all
 * reported at once in an {@link AgentConfigException} naming the file and the key.
 *
 * @param provider which API the proxy speaks
 * @param apiEndpoint the proxy's base URL without {@code /v1}
 * @param model the model id
 * @param maxTokens the most tokens one answer may have
 * @param temperature the sampling temperature
 * @param streaming whether the agent streams answers
 * @param apiKey the key for the proxy, empty when the proxy needs none
 * @param timeout how long one model request may take
 * @param cacheTtl how long identical temperature-0 requests are answered from a cache; zero: no cache
 * @param promptCaching Anthropic prompt-cache breakpoints
 * @param runTimeout the most wall time one run may take; zero: no limit
 */
public record LlmConfig(Provider provider, String apiEndpoint, String model, int maxTokens, double temperature,
    boolean streaming, String apiKey, Duration timeout, Duration cacheTtl, PromptCaching promptCaching,
    Duration runTimeout) {
  /** Validates every setting. */
  public LlmConfig {
    requireNonNull(provider, "provider");
    requireNonNull(apiEndpoint, "apiEndpoint");
    requireNonNull(model, "model");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(timeout, "timeout");
    requireNonNull(cacheTtl, "cacheTtl");
    requireNonNull(promptCaching, "promptCaching");
    requireNonNull(runTimeout, "runTimeout");
    List<String> problems = LlmSection.problems(provider, apiEndpoint, model, maxTokens, temperature, timeout,
        cacheTtl, runTimeout);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults: CLIProxyAPI on localhost:8317, claude-sonnet-4-6, 4096 tokens, 0.7, streaming. */
  public static LlmConfig defaults() {
    return new LlmConfig(Provider.ANTHROPIC, ClaudeProxy.DEFAULT_ENDPOINT, ClaudeProxy.DEFAULT_MODEL, 4096, 0.7, true, "",
        Duration.ofSeconds(120), Duration.ZERO, PromptCaching.FIVE_MINUTES, Duration.ZERO);
  }

  /** The defaults overridden by the process environment. */
  public static LlmConfig fromEnvironment() {
    return parse("", "(defaults)", System.getenv());
  }

  /** Reads the {@code [llm]} section of a TOML file and applies the process environment's overrides. */
  public static LlmConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Reads the {@code [llm]} section of a TOML file and applies overrides from {@code environment}. */
  public static LlmConfig load(Path file, Map<String, String> environment) {
    requireNonNull(file, "file");
    requireNonNull(environment, "environment");
    return parse(ConfigTables.read(file), file.toString(), environment);
  }

  /**
   * Parses the {@code [llm]} section of TOML text (named {@code source} in messages) and applies
   * overrides from {@code environment}.
   *
   * @throws AgentConfigException listing every problem
   */
  public static LlmConfig parse(String toml, String source, Map<String, String> environment) {
    return parse(toml, source, environment, Clock.systemUTC());
  }

  static LlmConfig parse(String toml, String source, Map<String, String> environment, Clock clock) {
    requireNonNull(toml, "toml");
    requireNonNull(source, "source");
    requireNonNull(environment, "environment");
    return LlmSection.read(toml, source, environment, clock);
  }

  /** These settings with another endpoint. */
  public LlmConfig withApiEndpoint(String apiEndpoint) {
    return new LlmConfig(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
        promptCaching, runTimeout);
  }

  /** These settings with another model. */
  public LlmConfig withModel(String model) {
    return new LlmConfig(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
        promptCaching, runTimeout);
  }

  /** These settings with another key (empty: none). */
  public LlmConfig withApiKey(String apiKey) {
    return new LlmConfig(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
        promptCaching, runTimeout);
  }

  /** These settings with another run timeout (zero: no limit). */
  public LlmConfig withRunTimeout(Duration runTimeout) {
    return new LlmConfig(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
        promptCaching, runTimeout);
  }

  /** Which of the proxy's APIs {@link ClaudeProxy} speaks. */
  public enum Provider {
    /** The Anthropic Messages API ({@code POST /v1/messages}) through langchain4j-anthropic. */
    ANTHROPIC,
    /** The OpenAI-compatible API ({@code POST /v1/chat/completions}) through langchain4j-open-ai. */
    OPENAI;

    /**
     * The provider named in configuration ({@code anthropic} or {@code openai}, any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Provider fromName(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "anthropic", "claude" -> ANTHROPIC;
        case "openai", "openai-compatible" -> OPENAI;
        default -> throw new IllegalArgumentException(
            "unknown provider \"" + name + "\": use \"anthropic\" or \"openai\"");
      };
    }
  }

  /**
   * Whether {@link ClaudeProxy} marks Anthropic prompt-cache breakpoints, and for how long the cache
   * keeps a prefix. Cached input is billed at a tenth of the input price (a write costs 1.25 times it
   * for five minutes, twice for an hour) and arrives faster.
   */
  public enum PromptCaching {
    /** No breakpoints: every token of every request is paid in full. */
    OFF,
    /** Breakpoints with the five-minute TTL (the default). */
    FIVE_MINUTES,
    /** Breakpoints with the one-hour TTL: for sessions with long pauses between turns. */
    ONE_HOUR;

    /**
     * Parses the {@code [llm] prompt_caching} value: {@code off}, {@code 5m} or {@code 1h} (also
     * {@code false}/{@code true}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static PromptCaching fromConfig(String value) {
      String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "off", "false", "none" -> OFF;
        case "5m", "on", "true", "" -> FIVE_MINUTES;
        case "1h" -> ONE_HOUR;
        default -> throw new IllegalArgumentException("prompt_caching must be off, 5m or 1h, got \"" + value + "\"");
      };
    }
  }
}
