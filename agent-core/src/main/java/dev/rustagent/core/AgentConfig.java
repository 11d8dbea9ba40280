package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's configuration: which model endpoint to talk to ({@code [llm]}) and how much history to
 * keep in the model's context ({@code [context]}). Read from a TOML file, then overridden by
 * environment variables named {@code RUST_AGENT_<SECTION>_<KEY>} (e.g.
 * {@code RUST_AGENT_LLM_API_ENDPOINT}, {@code RUST_AGENT_CONTEXT_MAX_HISTORY_MESSAGES}).
 *
 * <pre>
 * [llm]
 * provider = "anthropic"          # or "openai" (the proxy's OpenAI-compatible API)
 * api_endpoint = "http://localhost:8317"
 * model = "claude-sonnet-4-6"
 * max_tokens = 4096
 * temperature = 0.7
 * streaming = true
 * api_key = ""                    # empty: the proxy has no keys configured
 * timeout_seconds = 120           # per model request
 * cache_ttl_seconds = 0           # &gt; 0 caches identical requests made at temperature 0
 * prompt_caching = "5m"           # Anthropic prompt-cache breakpoints: "off", "5m" or "1h"
 * run_timeout_seconds = 0         # the most wall time one run may take; 0: no limit
 *
 * [context]                       # the defaults are the agent builder's
 * max_history_messages = 40
 * max_context_tokens = 100000
 * include_file_content = false
 * include_error_logs = true
 * </pre>
 *
 * <p>The older variable names {@code RUST_AGENT_LLM_URL} (for {@code RUST_AGENT_LLM_API_ENDPOINT}) and
 * {@code RUST_AGENT_MODEL} (for {@code RUST_AGENT_LLM_MODEL}) still work, with a warning in the log;
 * the new name wins when both are set.
 *
 * <p>Unknown sections and keys, values of the wrong type and values out of range are all reported at
 * once in an {@link AgentConfigException} naming the file, the key and what was expected.
 *
 * @param llm the model endpoint settings
 * @param context the context-window settings
 */
public record AgentConfig(Llm llm, Context context) {
  /** The default endpoint: CLIProxyAPI on its default port. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:8317";
  /** The default model. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-6";
  /** The default of {@code [llm] prompt_caching}. */
  public static final String DEFAULT_PROMPT_CACHING = "5m";
  private static final Duration MAX_RUN_TIMEOUT = Agent.MAX_RUN_TIMEOUT;

  private enum Type {
    STRING("a string"), INTEGER("an integer"), NUMBER("a number"), BOOLEAN("a boolean (true or false)");

    final String description;

    Type(String description) {
      this.description = description;
    }
  }

  private static final Map<String, Map<String, Type>> SCHEMA = schema();
  /** Old environment variable names, each with the one that replaced it. */
  private static final Map<String, String> DEPRECATED_VARIABLES = Map.of(
      "RUST_AGENT_LLM_URL", "RUST_AGENT_LLM_API_ENDPOINT",
      "RUST_AGENT_MODEL", "RUST_AGENT_LLM_MODEL");
  private static final Logger log = LoggerFactory.getLogger(AgentConfig.class);
  private static final TomlMapper TOML = new TomlMapper();
  /** Sections of the same file that other modules read (agent-mcp reads [mcp], agent-art [art]); skipped here. */
  private static final java.util.Set<String> OTHER_READERS = java.util.Set.of("mcp", "art");

  /** Validates the sections. */
  public AgentConfig {
    requireNonNull(llm, "llm");
    requireNonNull(context, "context");
  }

  /**
   * The {@code [llm]} section.
   *
   * @param provider {@code anthropic} (Messages API) or {@code openai} (OpenAI-compatible API)
   * @param apiEndpoint the proxy's base URL without {@code /v1}
   * @param model the model id
   * @param maxTokens the most tokens one answer may have
   * @param temperature the sampling temperature
   * @param streaming whether the agent streams answers
   * @param apiKey the key for the proxy, empty when the proxy needs none
   * @param timeout how long one model request may take
   * @param cacheTtl how long identical temperature-0 requests are answered from a cache; zero: no cache
   * @param promptCaching Anthropic prompt-cache breakpoints: {@code off}, {@code 5m} or {@code 1h}
   * @param runTimeout the most wall time one run may take; zero: no limit
   */
  public record Llm(String provider, String apiEndpoint, String model, int maxTokens, double temperature,
      boolean streaming, String apiKey, Duration timeout, Duration cacheTtl, String promptCaching,
      Duration runTimeout) {
    /** Validates every setting. */
    public Llm {
      requireNonNull(provider, "provider");
      requireNonNull(apiEndpoint, "apiEndpoint");
      requireNonNull(model, "model");
      requireNonNull(apiKey, "apiKey");
      requireNonNull(timeout, "timeout");
      requireNonNull(cacheTtl, "cacheTtl");
      requireNonNull(promptCaching, "promptCaching");
      requireNonNull(runTimeout, "runTimeout");
      List<String> problems = problems(provider, apiEndpoint, model, maxTokens, temperature, timeout, cacheTtl);
      problems.addAll(newerProblems(promptCaching, runTimeout));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }

    /** The settings without prompt caching and run timeout, which take their defaults (5m, none). */
    public Llm(String provider, String apiEndpoint, String model, int maxTokens, double temperature,
        boolean streaming, String apiKey, Duration timeout, Duration cacheTtl) {
      this(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
          DEFAULT_PROMPT_CACHING, Duration.ZERO);
    }

    /** These settings with another run timeout (zero: no limit). */
    public Llm withRunTimeout(Duration runTimeout) {
      return new Llm(provider, apiEndpoint, model, maxTokens, temperature, streaming, apiKey, timeout, cacheTtl,
          promptCaching, runTimeout);
    }

    /** The defaults: CLIProxyAPI on localhost:8317, claude-sonnet-4-6, 4096 tokens, 0.7, streaming. */
    public static Llm defaults() {
      return new Llm("anthropic", DEFAULT_ENDPOINT, DEFAULT_MODEL, 4096, 0.7, true, "", Duration.ofSeconds(120),
          Duration.ZERO);
    }

    private static List<String> newerProblems(String promptCaching, Duration runTimeout) {
      List<String> problems = new ArrayList<>();
      if (!List.of("off", "5m", "1h").contains(promptCaching)) {
        problems.add("prompt_caching must be \"off\", \"5m\" or \"1h\", got \"" + promptCaching + "\"");
      }
      if (runTimeout.isNegative() || runTimeout.compareTo(MAX_RUN_TIMEOUT) > 0) {
        problems.add("run_timeout_seconds must be between 0 (no limit) and " + MAX_RUN_TIMEOUT.toSeconds()
            + " (7 days), got " + runTimeout.getSeconds());
      }
      return problems;
    }

    private static List<String> problems(String provider, String apiEndpoint, String model, long maxTokens,
        double temperature, Duration timeout, Duration cacheTtl) {
      List<String> problems = new ArrayList<>();
      if (!provider.equals("anthropic") && !provider.equals("openai")) {
        problems.add("provider must be \"anthropic\" or \"openai\", got \"" + provider + "\"");
      }
      try {
        URI uri = new URI(apiEndpoint);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
          problems.add("api_endpoint must be an http:// or https:// URL, got \"" + apiEndpoint + "\"");
        }
      } catch (URISyntaxException e) {
        problems.add("api_endpoint is not a URL: " + e.getMessage());
      }
      if (model.isBlank()) {
        problems.add("model must not be empty");
      }
      if (maxTokens < 1 || maxTokens > 1_000_000) {
        problems.add("max_tokens must be between 1 and 1000000, got " + maxTokens);
      }
      double maxTemperature = provider.equals("openai") ? 2.0 : 1.0;
      if (!(temperature >= 0.0 && temperature <= maxTemperature)) {
        problems.add("temperature must be between 0 and " + maxTemperature + ", got " + temperature);
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
        problems.add("timeout_seconds must be between 1 and 86400, got " + timeout.getSeconds());
      }
      if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_RUN_TIMEOUT) > 0) {
        problems.add("cache_ttl_seconds must be between 0 and 604800, got " + cacheTtl.getSeconds());
      }
      return problems;
    }
  }

  /**
   * The {@code [context]} section.
   *
   * @param maxHistoryMessages the most conversation messages kept before older ones are summarised
   * @param maxContextTokens the token budget of the model's context
   * @param includeFileContent whether file contents the agent read go into the context
   * @param includeErrorLogs whether compiler and test error output goes into the context
   */
  public record Context(int maxHistoryMessages, int maxContextTokens, boolean includeFileContent,
      boolean includeErrorLogs) {
    /** Validates the limits. */
    public Context {
      if (maxHistoryMessages < 2) {
        throw new IllegalArgumentException("max_history_messages must be at least 2, got " + maxHistoryMessages);
      }
      if (maxContextTokens < 1000) {
        throw new IllegalArgumentException("max_context_tokens must be at least 1000, got " + maxContextTokens);
      }
    }

    /**
     * The agent builder's defaults, defined once there: 40 messages, 100,000 tokens, file content
     * left out, error logs included.
     */
    public static Context defaults() {
      return new Context(Agent.DEFAULT_SESSION_MESSAGES, Agent.DEFAULT_CONTEXT_BUDGET,
          Agent.DEFAULT_INCLUDE_FILE_CONTENT, Agent.DEFAULT_INCLUDE_ERROR_LOGS);
    }
  }

  /** The built-in defaults, with no file and no environment. */
  public static AgentConfig defaults() {
    return new AgentConfig(Llm.defaults(), Context.defaults());
  }

  /** The defaults overridden by the process environment. */
  public static AgentConfig fromEnvironment() {
    return parse("", "(defaults)", System.getenv());
  }

  /**
   * Reads a TOML file and applies the process environment's overrides.
   *
   * @throws AgentConfigException when the file cannot be read or holds unknown keys, wrong types or bad
   *     values
   */
  public static AgentConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Reads a TOML file and applies overrides from {@code environment}. */
  public static AgentConfig load(Path file, Map<String, String> environment) {
    requireNonNull(file, "file");
    requireNonNull(environment, "environment");
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AgentConfigException(file + ": no such config file", e);
    } catch (IOException e) {
      throw new AgentConfigException(file + ": cannot read the config file: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), environment);
  }

  /**
   * Parses TOML text (named {@code source} in messages) and applies overrides from {@code environment}.
   *
   * @throws AgentConfigException listing every problem
   */
  public static AgentConfig parse(String toml, String source, Map<String, String> environment) {
    requireNonNull(toml, "toml");
    requireNonNull(source, "source");
    requireNonNull(environment, "environment");
    JsonNode root;
    try {
      root = toml.isBlank() ? TOML.createObjectNode() : TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new AgentConfigException(source + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Object>> values = new LinkedHashMap<>();
    SCHEMA.keySet().forEach(section -> values.put(section, new LinkedHashMap<>()));

    for (Map.Entry<String, JsonNode> section : root.properties()) {
      if (OTHER_READERS.contains(section.getKey())) {
        continue;
      }
      Map<String, Type> keys = SCHEMA.get(section.getKey());
      if (keys == null) {
        problems.add(source + ": unknown " + (section.getValue().isObject() ? "section [" + section.getKey() + "]"
            : "top-level key " + section.getKey())
            + " (known sections: [llm], [context], [mcp] read by agent-mcp and [art] read by agent-art)");
        continue;
      }
      if (!section.getValue().isObject()) {
        problems.add(source + ": " + section.getKey() + " must be a table [" + section.getKey() + "]");
        continue;
      }
      for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
        String where = source + ": [" + section.getKey() + "] " + entry.getKey();
        Type type = keys.get(entry.getKey());
        if (type == null) {
          problems.add(where + " is not a known key (known: " + String.join(", ", keys.keySet()) + ")");
          continue;
        }
        Object value = fromToml(entry.getValue(), type);
        if (value == null) {
          problems.add(where + " must be " + type.description + ", got " + describe(entry.getValue()));
        } else {
          values.get(section.getKey()).put(entry.getKey(), value);
        }
      }
    }

    SCHEMA.forEach((section, keys) -> keys.forEach((key, type) -> {
      String variable = "RUST_AGENT_" + section.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
      String raw = environment.get(variable);
      if (raw == null) {
        raw = deprecatedVariable(variable, environment);
      }
      if (raw == null) {
        return;
      }
      Object value = fromEnvironment(raw.strip(), type);
      if (value == null) {
        problems.add("environment variable " + variable + " must be " + type.description + ", got \"" + raw + "\"");
      } else {
        values.get(section).put(key, value);
      }
    }));

    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    return build(values, source);
  }

  /** The value of an old name of {@code variable}, logging a warning, or null when none is set. */
  private static String deprecatedVariable(String variable, Map<String, String> environment) {
    for (Map.Entry<String, String> old : DEPRECATED_VARIABLES.entrySet()) {
      if (old.getValue().equals(variable) && environment.get(old.getKey()) != null) {
        log.warn("the environment variable {} is deprecated; use {}", old.getKey(), variable);
        return environment.get(old.getKey());
      }
    }
    return null;
  }

  /** This configuration with another {@code [llm]} section. */
  public AgentConfig withLlm(Llm llm) {
    return new AgentConfig(llm, context);
  }

  /** This configuration with another {@code [context]} section. */
  public AgentConfig withContext(Context context) {
    return new AgentConfig(llm, context);
  }

  private static AgentConfig build(Map<String, Map<String, Object>> values, String source) {
    Llm d = Llm.defaults();
    Map<String, Object> llm = values.get("llm");
    String provider = (String) llm.getOrDefault("provider", d.provider());
    String endpoint = (String) llm.getOrDefault("api_endpoint", d.apiEndpoint());
    String model = (String) llm.getOrDefault("model", d.model());
    long maxTokens = (Long) llm.getOrDefault("max_tokens", (long) d.maxTokens());
    double temperature = (Double) llm.getOrDefault("temperature", d.temperature());
    boolean streaming = (Boolean) llm.getOrDefault("streaming", d.streaming());
    String apiKey = (String) llm.getOrDefault("api_key", d.apiKey());
    long timeout = (Long) llm.getOrDefault("timeout_seconds", d.timeout().toSeconds());
    long cacheTtl = (Long) llm.getOrDefault("cache_ttl_seconds", d.cacheTtl().toSeconds());
    String promptCaching = (String) llm.getOrDefault("prompt_caching", d.promptCaching());
    long runTimeout = (Long) llm.getOrDefault("run_timeout_seconds", d.runTimeout().getSeconds());

    Context c = Context.defaults();
    Map<String, Object> context = values.get("context");
    long maxHistory = (Long) context.getOrDefault("max_history_messages", (long) c.maxHistoryMessages());
    long maxContextTokens = (Long) context.getOrDefault("max_context_tokens", (long) c.maxContextTokens());

    List<String> problems = new ArrayList<>();
    Llm.problems(provider, endpoint, model, maxTokens, temperature, Duration.ofSeconds(timeout),
        Duration.ofSeconds(cacheTtl)).forEach(p -> problems.add(source + ": [llm] " + p));
    Llm.newerProblems(promptCaching, Duration.ofSeconds(runTimeout))
        .forEach(p -> problems.add(source + ": [llm] " + p));
    if (maxHistory < 2 || maxHistory > Integer.MAX_VALUE) {
      problems.add(source + ": [context] max_history_messages must be at least 2, got " + maxHistory);
    }
    if (maxContextTokens < 1000 || maxContextTokens > Integer.MAX_VALUE) {
      problems.add(source + ": [context] max_context_tokens must be between 1000 and " + Integer.MAX_VALUE
          + ", got " + maxContextTokens);
    }
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    return new AgentConfig(
        new Llm(provider, endpoint, model, (int) maxTokens, temperature, streaming, apiKey,
            Duration.ofSeconds(timeout), Duration.ofSeconds(cacheTtl), promptCaching, Duration.ofSeconds(runTimeout)),
        new Context((int) maxHistory, (int) maxContextTokens,
            (Boolean) context.getOrDefault("include_file_content", c.includeFileContent()),
            (Boolean) context.getOrDefault("include_error_logs", c.includeErrorLogs())));
  }

  private static Object fromToml(JsonNode node, Type type) {
    return switch (type) {
      case STRING -> node.isTextual() ? node.asText() : null;
      case INTEGER -> node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
      case NUMBER -> node.isNumber() ? node.asDouble() : null;
      case BOOLEAN -> node.isBoolean() ? node.asBoolean() : null;
    };
  }

  private static Object fromEnvironment(String raw, Type type) {
    try {
      return switch (type) {
        case STRING -> raw;
        case INTEGER -> Long.parseLong(raw);
        case NUMBER -> Double.parseDouble(raw);
        case BOOLEAN -> raw.equalsIgnoreCase("true") ? Boolean.TRUE
            : raw.equalsIgnoreCase("false") ? Boolean.FALSE : null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string \"" + node.asText() + "\"";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isIntegralNumber()) {
      return "the integer " + node.asText();
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "a table";
    }
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Map<String, Type>> schema() {
    Map<String, Type> llm = new LinkedHashMap<>();
    llm.put("provider", Type.STRING);
    llm.put("api_endpoint", Type.STRING);
    llm.put("model", Type.STRING);
    llm.put("max_tokens", Type.INTEGER);
    llm.put("temperature", Type.NUMBER);
    llm.put("streaming", Type.BOOLEAN);
    llm.put("api_key", Type.STRING);
    llm.put("timeout_seconds", Type.INTEGER);
    llm.put("cache_ttl_seconds", Type.INTEGER);
    llm.put("prompt_caching", Type.STRING);
    llm.put("run_timeout_seconds", Type.INTEGER);
    Map<String, Type> context = new LinkedHashMap<>();
    context.put("max_history_messages", Type.INTEGER);
    context.put("max_context_tokens", Type.INTEGER);
    context.put("include_file_content", Type.BOOLEAN);
    context.put("include_error_logs", Type.BOOLEAN);
    Map<String, Map<String, Type>> schema = new LinkedHashMap<>();
    schema.put("llm", java.util.Collections.unmodifiableMap(llm));
    schema.put("context", java.util.Collections.unmodifiableMap(context));
    return schema;
  }
}
