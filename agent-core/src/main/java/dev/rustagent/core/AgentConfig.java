package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.internal.ConfigTables;
import dev.rustagent.core.internal.ConfigTables.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's own configuration, the {@code [context]} section of the TOML configuration file: how much
 * history to keep in the model's context. Read from the file, then overridden by environment variables
 * named {@code RUST_AGENT_<SECTION>_<KEY>} (e.g. {@code RUST_AGENT_CONTEXT_MAX_HISTORY_MESSAGES}).
 *
 * <pre>
 * [context]                       # the defaults are the agent builder's
 * max_history_messages = 40
 * max_context_tokens = 100000
 * include_file_content = false
 * include_error_logs = true
 * </pre>
 *
 * <p>Each module reads its own section of the same file: {@code [llm]} is {@code ClaudeProxy.Config}
 * (agent-llm-claude), {@code [mcp]} is agent-mcp's {@code McpTools}, {@code [art]} agent-art's,
 * {@code [memory]} the CLI's memory options. This class checks that the file holds no other section and reads {@code [context]}.
 *
 * <p>Unknown sections and keys, values of the wrong type and values out of range are all reported at
 * once in an {@link AgentConfigException} naming the file, the key and what was expected.
 *
 * @param context the context-window settings
 */
public record AgentConfig(Context context) {
  private static final Map<String, Type> CONTEXT_KEYS = contextKeys();
  /** Sections of the same file that other modules read; skipped here. */
  private static final Set<String> OTHER_READERS = Set.of("llm", "mcp", "memory", "art");

  /** Validates the section. */
  public AgentConfig {
    requireNonNull(context, "context");
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
      return new Context(AgentSettings.DEFAULT_SESSION_MESSAGES, AgentSettings.DEFAULT_CONTEXT_BUDGET,
          AgentSettings.DEFAULT_INCLUDE_FILE_CONTENT, AgentSettings.DEFAULT_INCLUDE_ERROR_LOGS);
    }
  }

  /** The built-in defaults, with no file and no environment. */
  public static AgentConfig defaults() {
    return new AgentConfig(Context.defaults());
  }

  /** The defaults overridden by the process environment. */
  public static AgentConfig fromEnvironment() {
    return parse("", "(defaults)", System.getenv());
  }

  /**
   * Reads a TOML file and applies the process environment's overrides.
   *
   * @throws AgentConfigException when the file cannot be read or holds unknown sections or keys, wrong
   *     types or bad values
   */
  public static AgentConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Reads a TOML file and applies overrides from {@code environment}. */
  public static AgentConfig load(Path file, Map<String, String> environment) {
    requireNonNull(file, "file");
    requireNonNull(environment, "environment");
    return parse(ConfigTables.read(file), file.toString(), environment);
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
    JsonNode root = ConfigTables.parse(toml, source);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> section : root.properties()) {
      if (!section.getKey().equals("context") && !OTHER_READERS.contains(section.getKey())) {
        problems.add(source + ": unknown " + (section.getValue().isObject() ? "section [" + section.getKey() + "]"
            : "top-level key " + section.getKey()) + " (known sections: [llm], [context], [memory], [mcp], [art])");
      }
    }
    Map<String, Object> context = ConfigTables.section(root, source, "context", CONTEXT_KEYS, environment, Map.of(),
        problems);
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    return build(context, source);
  }

  /** This configuration with another {@code [context]} section. */
  public AgentConfig withContext(Context context) {
    return new AgentConfig(context);
  }

  private static AgentConfig build(Map<String, Object> context, String source) {
    Context c = Context.defaults();
    long maxHistory = (Long) context.getOrDefault("max_history_messages", (long) c.maxHistoryMessages());
    long maxContextTokens = (Long) context.getOrDefault("max_context_tokens", (long) c.maxContextTokens());
    List<String> problems = new ArrayList<>();
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
    return new AgentConfig(new Context((int) maxHistory, (int) maxContextTokens,
        (Boolean) context.getOrDefault("include_file_content", c.includeFileContent()),
        (Boolean) context.getOrDefault("include_error_logs", c.includeErrorLogs())));
  }

  private static Map<String, Type> contextKeys() {
    Map<String, Type> context = new LinkedHashMap<>();
    context.put("max_history_messages", Type.INTEGER);
    context.put("max_context_tokens", Type.INTEGER);
    context.put("include_file_content", Type.BOOLEAN);
    context.put("include_error_logs", Type.BOOLEAN);
    return java.util.Collections.unmodifiableMap(context);
  }

  /**
   * A configuration file or environment override that cannot be used. The message lists every problem
   * found, each naming the file (or environment variable), the key and the expected type or range.
   */
  public static final class AgentConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception listing {@code problems}, which must not be empty. */
    public AgentConfigException(List<String> problems) {
      super(String.join("\n", problems));
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("problems must not be empty");
      }
      this.problems = List.copyOf(problems);
    }

    /** An exception with one problem and its cause. */
    public AgentConfigException(String problem, Throwable cause) {
      super(problem, cause);
      this.problems = List.of(problem);
    }

    /** Every problem found, one sentence each. */
    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Who the agent is: a name for logs and a system prompt that sets its expertise and manners.
   *
   * @param name a short name such as {@code rust-expert}
   * @param systemPrompt the system prompt sent at the start of every conversation
   */
  public record Persona(String name, String systemPrompt) {
    public Persona {
      requireNonNull(name, "name");
      requireNonNull(systemPrompt, "systemPrompt");
      if (name.isBlank() || systemPrompt.isBlank()) {
        throw new IllegalArgumentException("a persona needs a name and a system prompt");
      }
    }
  }
}
