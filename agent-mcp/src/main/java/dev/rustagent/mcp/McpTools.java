package dev.rustagent.mcp;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.mcp.McpServerConfig.McpConfigException;

/**
 * The MCP servers of one agent and their tools. Build it from the config file and/or
 * {@link McpServerConfig}s, add {@link #tools()} to the agent's {@link ToolRegistry} (or call
 * {@link #registerInto}), and close it with the agent: closing stops every child process.
 *
 * <p>Lifecycle: with {@link Startup#EAGER} (the default) {@link #start()} starts every server in
 * parallel, typically when the agent starts; with {@link Startup#LAZY} nothing starts before the
 * first call of {@link #tools()} (a host that never builds an agent never starts a process). A server
 * that fails to start is reported by name in {@link #failures()} and its tools are left out; the
 * other servers work. A server that stops during use is restarted once, at the next call of one of its
 * tools; the call that was in flight fails with a message saying so. A second crash leaves the
 * server's tools failing with a clear message.
 *
 * <p>Thread-safe.
 */
public final class McpTools implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(McpTools.class);

  /** When servers start. */
  public enum Startup {
    /** At {@link #start()} (the agent's start), all in parallel. */
    EAGER,
    /** At the first call of {@link #tools()}. */
    LAZY
  }

  private final Map<String, McpConnection> connections;
  private final Startup startup;
  private volatile boolean closed;

  private McpTools(Builder builder) {
    Map<String, McpConnection> byName = new LinkedHashMap<>();
    builder.servers.forEach((name, config) -> byName.put(name, new McpConnection(config, builder.environment)));
    this.connections = java.util.Collections.unmodifiableMap(byName);
    this.startup = builder.startup;
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The servers' names, in configuration order. */
  public List<String> servers() {
    return List.copyOf(connections.keySet());
  }

  /** How the servers start. */
  public Startup startup() {
    return startup;
  }

  /**
   * With {@link Startup#EAGER}, starts every server not started yet, in parallel, and waits for them
   * (each within its timeout); with {@link Startup#LAZY} does nothing. Failures do not throw: see
   * {@link #failures()}.
   *
   * @throws IllegalStateException when closed
   */
  public void start() {
    if (startup == Startup.EAGER) {
      startAll();
    }
  }

  private void startAll() {
    if (closed) {
      throw new IllegalStateException("the MCP servers were shut down");
    }
    List<CompletableFuture<Boolean>> starting = new ArrayList<>();
    for (McpConnection connection : connections.values()) {
      starting.add(CompletableFuture.supplyAsync(connection::ensureStarted));
    }
    starting.forEach(CompletableFuture::join);
  }

  /**
   * The tools of every server that started, named {@code SERVER__tool}. Starts servers that have not
   * started yet (all of them with {@link Startup#LAZY}). A tool whose input schema is malformed is
   * left out and reported in {@link #failures()}.
   */
  public List<Tool> tools() {
    startAll();
    List<Tool> tools = new ArrayList<>();
    for (McpConnection connection : connections.values()) {
      if (connection.state() == McpConnection.State.READY || connection.state() == McpConnection.State.CRASHED) {
        tools.addAll(connection.tools(this));
      }
    }
    return List.copyOf(tools);
  }

  /** Adds {@link #tools()} to the registry and returns it. */
  public ToolRegistry registerInto(ToolRegistry registry) {
    requireNonNull(registry, "registry");
    tools().forEach(registry::register);
    return registry;
  }

  /**
   * What went wrong, by server name: a server that failed to start (with its stderr's last lines), a
   * server given up after a second crash, tools left out for malformed schemas. Empty when all is well.
   */
  public Map<String, String> failures() {
    Map<String, String> failures = new LinkedHashMap<>();
    connections.forEach((name, connection) -> {
      List<String> parts = new ArrayList<>();
      if (connection.failure() != null) {
        parts.add(connection.failure());
      }
      parts.addAll(connection.schemaProblems());
      if (!parts.isEmpty()) {
        failures.put(name, String.join("\n", parts));
      }
    });
    return failures;
  }

  boolean isClosed() {
    return closed;
  }

  /** Stops every server (child processes are ended). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (McpConnection connection : connections.values()) {
      try {
        connection.close();
      } catch (RuntimeException e) {
        log.warn("stopping MCP server '{}' failed", connection.name(), e);
      }
    }
  }

  /** Builds {@link McpTools}; every setter checks its argument at once. */
  public static final class Builder {
    private final Map<String, McpServerConfig> servers = new LinkedHashMap<>();
    private Startup startup = Startup.EAGER;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /**
     * Adds a server.
     *
     * @throws IllegalArgumentException when a server with that name was added already
     */
    public Builder server(McpServerConfig config) {
      requireNonNull(config, "config");
      if (servers.containsKey(config.name())) {
        throw new IllegalArgumentException("an MCP server named '" + config.name() + "' is already configured");
      }
      servers.put(config.name(), config);
      return this;
    }

    /** Adds servers. */
    public Builder servers(Collection<McpServerConfig> configs) {
      requireNonNull(configs, "configs").forEach(this::server);
      return this;
    }

    /**
     * Adds the servers and the startup mode of the {@code [mcp]} table of a TOML config file.
     *
     * @throws McpConfigException listing every problem of the table, with file and key
     */
    public Builder config(Path file) {
      requireNonNull(file, "file");
      McpConfigFile.Parsed parsed = McpConfigFile.load(file);
      servers(parsed.servers());
      this.startup = parsed.startup();
      return this;
    }

    /** When servers start; {@link Startup#EAGER} by default. */
    public Builder startup(Startup value) {
      this.startup = requireNonNull(value, "startup");
      return this;
    }

    /**
     * The environment the children's allow-listed variables come from; this process's by default.
     * Only {@code PATH}, {@code HOME}, user, shell, terminal, locale, time zone and temp-directory
     * variables are passed on, plus each server's configured {@code env}.
     */
    public Builder parentEnvironment(Map<String, String> value) {
      this.environment = Map.copyOf(requireNonNull(value, "environment"));
      return this;
    }

    /** Builds the servers' handle; nothing starts yet. */
    public McpTools build() {
      return new McpTools(this);
    }
  }
}
