package dev.rustagent.mcp;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach one MCP server: a program started as a child process speaking MCP over stdio
 * ({@link Builder#command}), or a streamable HTTP endpoint ({@link Builder#url}). Immutable.
 *
 * <p>The server's name prefixes its tools ({@code NAME__tool}). The child process gets a small
 * environment: {@code PATH}, {@code HOME}, locale and temp-directory variables of this process and the
 * variables configured with {@link Builder#env}, nothing else, so credentials reach a server only when
 * configured. Tools named in {@link Builder#readOnlyTools} are treated as reading only; every other
 * tool of the server may do anything, so the permission gate asks before each call.
 */
public final class McpServerConfig {
  /** Default time a server has to answer a request (including its start-up handshake). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]{1,32}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String name;
  private final String command;
  private final List<String> args;
  private final Map<String, String> env;
  private final URI url;
  private final Duration timeout;
  private final Set<String> readOnlyTools;

  private McpServerConfig(Builder builder) {
    this.name = builder.name;
    this.command = builder.command;
    this.args = List.copyOf(builder.args);
    this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.env));
    this.url = builder.url;
    this.timeout = builder.timeout;
    this.readOnlyTools = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.readOnlyTools));
  }

  /**
   * Starts a configuration for the server called {@code name}: 1 to 32 letters, digits or hyphens
   * (the name and two underscores prefix each tool, within the 64-character limit of tool names).
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The server's name, the prefix of its tools. */
  public String name() {
    return name;
  }

  /** The program of a stdio server, or empty for an HTTP server. */
  public Optional<String> command() {
    return Optional.ofNullable(command);
  }

  /** The program's arguments. */
  public List<String> args() {
    return args;
  }

  /** The variables added to the child's scrubbed environment. */
  public Map<String, String> env() {
    return env;
  }

  /** The streamable HTTP endpoint, or empty for a stdio server. */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  /** How long the server has to start and to answer each request. */
  public Duration timeout() {
    return timeout;
  }

  /** The server's own names of the tools that only read. */
  public Set<String> readOnlyTools() {
    return readOnlyTools;
  }

  @Override
  public String toString() {
    // env values may be credentials: names only
    return "McpServerConfig{" + name + ", " + (command != null ? "command=" + command + " " + args : "url=" + url)
        + ", env=" + env.keySet() + ", timeout=" + timeout + ", readOnlyTools=" + readOnlyTools + "}";
  }

  /** Builds a {@link McpServerConfig}; every setter checks its argument at once. */
  public static final class Builder {
    private final String name;
    private String command;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private URI url;
    private Duration timeout = DEFAULT_TIMEOUT;
    private final Set<String> readOnlyTools = new LinkedHashSet<>();

    private Builder(String name) {
      requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("MCP server name '" + name
            + "' must be 1 to 32 letters, digits or hyphens (it prefixes the tool names as NAME__tool)");
      }
      this.name = name;
    }

    /** Starts the server as a child process speaking MCP over stdio. */
    public Builder command(String program, List<String> arguments) {
      requireNonNull(program, "program");
      requireNonNull(arguments, "arguments");
      if (program.isBlank()) {
        throw new IllegalArgumentException("MCP server '" + name + "': command must not be blank");
      }
      if (url != null) {
        throw new IllegalArgumentException("MCP server '" + name + "': give a command or a url, not both");
      }
      arguments.forEach(a -> requireNonNull(a, "argument"));
      this.command = program;
      this.args.clear();
      this.args.addAll(arguments);
      return this;
    }

    /** Starts the server as a child process speaking MCP over stdio. */
    public Builder command(String program, String... arguments) {
      return command(program, List.of(arguments));
    }

    /** Adds a variable to the child's environment (the way to hand a server its credentials). */
    public Builder env(String variable, String value) {
      requireNonNull(variable, "variable");
      requireNonNull(value, "value");
      if (!ENV_NAME.matcher(variable).matches()) {
        throw new IllegalArgumentException("MCP server '" + name + "': '" + variable
            + "' is not an environment variable name");
      }
      env.put(variable, value);
      return this;
    }

    /** Reaches the server at a streamable HTTP endpoint ({@code http} or {@code https}). */
    public Builder url(URI endpoint) {
      requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
        throw new IllegalArgumentException("MCP server '" + name + "': url must be an http(s) URL with a host: "
            + endpoint);
      }
      if (command != null) {
        throw new IllegalArgumentException("MCP server '" + name + "': give a command or a url, not both");
      }
      this.url = endpoint;
      return this;
    }

    /** How long the server has to start and to answer each request; positive, at most an hour. */
    public Builder timeout(Duration value) {
      requireNonNull(value, "timeout");
      if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("MCP server '" + name
            + "': timeout must be positive and at most an hour: " + value);
      }
      this.timeout = value;
      return this;
    }

    /** Marks tools (the server's own names) as reading only: the gate treats their calls as READ. */
    public Builder readOnlyTools(String... tools) {
      for (String tool : tools) {
        requireNonNull(tool, "tool");
        if (tool.isBlank()) {
          throw new IllegalArgumentException("MCP server '" + name + "': a read-only tool name is blank");
        }
        readOnlyTools.add(tool);
      }
      return this;
    }

    /**
     * Builds the immutable configuration.
     *
     * @throws IllegalStateException when neither a command nor a url was given
     */
    public McpServerConfig build() {
      if (command == null && url == null) {
        throw new IllegalStateException("MCP server '" + name + "' needs a command (stdio) or a url (HTTP)");
      }
      return new McpServerConfig(this);
    }
  }

  /** The {@code [mcp]} part of a config file is wrong; the message lists every problem with file and key. */
  public static final class McpConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    McpConfigException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    /** Each problem, naming the file and key. */
    public List<String> problems() {
      return problems;
    }
  }
}
