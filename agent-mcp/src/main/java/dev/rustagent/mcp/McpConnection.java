package dev.rustagent.mcp;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One configured MCP server: starts it, keeps its tool list, calls its tools, restarts it once after a
 * crash and stops it. Thread-safe; calls may run in parallel.
 */
final class McpConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(McpConnection.class);
  /** Longest JSON-RPC line accepted from a stdio server. */
  static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;
  private static final int STDERR_LINES = 20;
  private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());

  enum State { NEW, READY, CRASHED, FAILED, CLOSED }

  private final McpServerConfig config;
  private final Map<String, String> parentEnvironment;
  private final Deque<String> stderr = new ArrayDeque<>();
  private final Map<String, ToolContext> progressTargets = new ConcurrentHashMap<>();

  private State state = State.NEW;
  private String failure;
  private int restarts;
  private McpAsyncClient client;
  private CompletableFuture<Integer> exited = new CompletableFuture<>();
  private volatile Map<String, McpSchema.Tool> offered = Map.of();
  private List<String> schemaProblems = List.of();

  McpConnection(McpServerConfig config, Map<String, String> parentEnvironment) {
    this.config = config;
    this.parentEnvironment = Map.copyOf(parentEnvironment);
  }

  McpServerConfig config() {
    return config;
  }

  String name() {
    return config.name();
  }

  synchronized State state() {
    return state;
  }

  /** Why the server is unavailable, or null. */
  synchronized String failure() {
    return failure;
  }

  /** Tools of the server left out because their schema is malformed. */
  synchronized List<String> schemaProblems() {
    return schemaProblems;
  }

  /** Starts the server if it has not been started yet; returns whether it is ready. */
  synchronized boolean ensureStarted() {
    if (state == State.NEW) {
      start();
    }
    return state == State.READY;
  }

  /** The agent tools of what the server offers now (tools with malformed schemas left out). */
  List<Tool> tools(McpTools owner) {
    Map<String, McpSchema.Tool> current = offered;
    List<Tool> tools = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (McpSchema.Tool tool : current.values()) {
      try {
        String agentName = ToolNames.namespaced(name(), tool.name(), taken);
        taken.add(agentName);
        tools.add(new McpTool(owner, this, agentName, tool.name(), description(tool),
            SchemaConversion.toObjectSchema(tool.inputSchema()), config.readOnlyTools().contains(tool.name())));
      } catch (SchemaConversion.MalformedSchemaException e) {
        String problem = "MCP server '" + name() + "': tool '" + tool.name() + "' left out: " + e.getMessage();
        log.warn(problem);
        problems.add(problem);
      }
    }
    synchronized (this) {
      schemaProblems = List.copyOf(problems);
    }
    return tools;
  }

  private String description(McpSchema.Tool tool) {
    String text = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : tool.name();
    return text + " (tool '" + tool.name() + "' of the MCP server '" + name() + "')";
  }

  private void start() {
    try {
      McpClientTransport transport = transport();
      McpAsyncClient started = McpClient.async(transport)
          .clientInfo(new McpSchema.Implementation("rust-agent", "0.1.0"))
          .requestTimeout(config.timeout())
          .initializationTimeout(config.timeout())
          .toolsChangeConsumer(this::toolsChanged)
          .progressConsumer(this::progress)
          .loggingConsumer(message -> {
            log.debug("MCP server '{}' logged [{}] {}", name(), message.level(), message.data());
            return Mono.empty();
          })
          .build();
      this.client = started;
      started.initialize().block(config.timeout().plusSeconds(5));
      McpSchema.ListToolsResult list = listAllTools(started);
      offered = byName(list);
      if (transport instanceof StdioTransport stdio) {
        watchExit(stdio);
      }
      state = State.READY;
      failure = null;
      log.info("MCP server '{}' started with {} tools", name(), offered.size());
    } catch (RuntimeException e) {
      String reason = "MCP server '" + name() + "' failed to start: " + reasonOf(e) + stderrTail();
      log.warn(reason);
      closeClientQuietly();
      state = State.FAILED;
      failure = reason;
    }
  }

  private McpSchema.ListToolsResult listAllTools(McpAsyncClient started) {
    List<McpSchema.Tool> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      McpSchema.ListToolsResult result = started.listTools(cursor).block(config.timeout().plusSeconds(5));
      if (result == null || result.tools() == null) {
        throw new IllegalStateException("tools/list returned no tool array");
      }
      all.addAll(result.tools());
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return new McpSchema.ListToolsResult(all, null);
  }

  private Map<String, McpSchema.Tool> byName(McpSchema.ListToolsResult list) {
    Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
    for (McpSchema.Tool tool : list.tools()) {
      if (tool == null || tool.name() == null || tool.name().isBlank()) {
        log.warn("MCP server '{}' listed a tool without a name; left out", name());
        continue;
      }
      tools.putIfAbsent(tool.name(), tool);
    }
    return Map.copyOf(tools);
  }

  private McpClientTransport transport() {
    if (config.url().isPresent()) {
      URI url = config.url().get();
      String base = url.getScheme() + "://" + url.getRawAuthority();
      String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      if (url.getRawQuery() != null) {
        endpoint += "?" + url.getRawQuery();
      }
      return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(MAPPER)
          .connectTimeout(config.timeout()).build();
    }
    List<String> command = new ArrayList<>();
    command.add(config.command().orElseThrow());
    command.addAll(config.args());
    return new StdioTransport(name(), command, ChildEnvironment.of(parentEnvironment, config.env()), MAPPER,
        MAX_MESSAGE_CHARS, this::stderrLine);
  }

  private void watchExit(StdioTransport transport) {
    CompletableFuture<Integer> signal = transport.exited();
    exited = signal;
    signal.thenRun(() -> onExit(signal));
  }

  private synchronized void onExit(CompletableFuture<Integer> signal) {
    if (signal == exited && state == State.READY) {
      state = State.CRASHED;
      log.warn("MCP server '{}' exited unexpectedly{}", name(), stderrTail());
    }
  }

  private void stderrLine(String line) {
    log.debug("MCP server '{}' stderr: {}", name(), line);
    synchronized (stderr) {
      if (stderr.size() == STDERR_LINES) {
        stderr.removeFirst();
      }
      stderr.addLast(line.length() > 500 ? line.substring(0, 500) + "..." : line);
    }
  }

  private String stderrTail() {
    synchronized (stderr) {
      if (stderr.isEmpty()) {
        return "";
      }
      return "\nlast lines of its stderr:\n  " + String.join("\n  ", stderr);
    }
  }

  private Mono<Void> toolsChanged(List<McpSchema.Tool> tools) {
    Map<String, McpSchema.Tool> before = offered;
    offered = byName(new McpSchema.ListToolsResult(tools == null ? List.of() : tools, null));
    Set<String> removed = new HashSet<>(before.keySet());
    removed.removeAll(offered.keySet());
    Set<String> added = new HashSet<>(offered.keySet());
    added.removeAll(before.keySet());
    log.info("MCP server '{}' changed its tools: added {}, removed {} (new tools reach agents built from now on)",
        name(), added, removed);
    return Mono.empty();
  }

  private Mono<Void> progress(McpSchema.ProgressNotification notification) {
    ToolContext target = notification.progressToken() == null ? null
        : progressTargets.get(String.valueOf(notification.progressToken()));
    Logger logger = target != null ? target.logger() : log;
    logger.info("MCP server '{}' progress {}{}{}", name(), notification.progress(),
        notification.total() == null ? "" : "/" + notification.total(),
        notification.message() == null ? "" : ": " + notification.message());
    return Mono.empty();
  }

  /** Whether the server still offers the tool (it may have dropped it with a list change). */
  boolean offers(String serverToolName) {
    return offered.containsKey(serverToolName);
  }

  /** Calls one tool; every failure becomes a failure result naming the server. */
  ToolResult call(String serverToolName, Map<String, Object> arguments, ToolContext context) {
    McpAsyncClient current;
    CompletableFuture<Integer> exitSignal;
    synchronized (this) {
      switch (state) {
        case NEW -> start();
        case CRASHED -> {
          if (restarts >= 1) {
            failure = "MCP server '" + name() + "' crashed again after its restart and is not restarted"
                + " any more; its tools are unavailable until the agent is started again";
            state = State.FAILED;
          } else {
            restarts++;
            log.info("restarting MCP server '{}' after a crash", name());
            closeClientQuietly();
            start();
          }
        }
        default -> { }
      }
      if (state != State.READY) {
        return ToolResult.failure(failure != null ? failure : "MCP server '" + name() + "' is " + state);
      }
      current = client;
      exitSignal = exited;
    }
    if (!offers(serverToolName)) {
      return ToolResult.failure("MCP server '" + name() + "' no longer offers the tool '" + serverToolName
          + "' (its tool list changed)");
    }
    String token = UUID.randomUUID().toString();
    progressTargets.put(token, context);
    McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder()
        .name(serverToolName).arguments(arguments).progressToken(token).build();
    CompletableFuture<McpSchema.CallToolResult> pending = current.callTool(request).toFuture();
    Duration limit = context.timeout().compareTo(config.timeout()) < 0 ? context.timeout() : config.timeout();
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (true) {
        if (context.cancellation().isCancelled()) {
          pending.cancel(true);
          return ToolResult.failure("call to '" + serverToolName + "' of MCP server '" + name() + "' was cancelled");
        }
        if (exitSignal.isDone() && !pending.isDone()) {
          pending.cancel(true);
          return crashed(serverToolName);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          pending.cancel(true);
          return ToolResult.failure("MCP server '" + name() + "' did not answer the call to '" + serverToolName
              + "' within " + limit.toSeconds() + " s (timeout_seconds)");
        }
        try {
          McpSchema.CallToolResult result = pending.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)),
              TimeUnit.NANOSECONDS);
          return ContentText.toToolResult(name(), serverToolName, result, context.outputCap());
        } catch (TimeoutException notYet) {
          // keep waiting: check cancellation, exit and the deadline again
        }
      }
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return ToolResult.failure("call to '" + serverToolName + "' of MCP server '" + name() + "' was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (exitSignal.isDone() || isTransportFailure(cause)) {
        synchronized (this) {
          if (state == State.READY) {
            state = State.CRASHED;
          }
        }
        return crashed(serverToolName);
      }
      if (cause instanceof McpError error) {
        return ToolResult.failure("MCP server '" + name() + "' refused the call to '" + serverToolName + "': "
            + error.getMessage());
      }
      return ToolResult.failure("call to '" + serverToolName + "' of MCP server '" + name() + "' failed: "
          + reasonOf(cause));
    } finally {
      progressTargets.remove(token);
    }
  }

  private ToolResult crashed(String serverToolName) {
    int exitCode;
    boolean again;
    synchronized (this) {
      exitCode = exited.getNow(-1);
      again = restarts >= 1;
    }
    return ToolResult.failure("MCP server '" + name() + "' stopped during the call to '" + serverToolName + "'"
        + (exitCode >= 0 ? " (exit code " + exitCode + ")" : "")
        + (again ? "; it was restarted once already and is not restarted again"
            : "; it will be restarted once for the next call")
        + stderrTail());
  }

  private static boolean isTransportFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException || t instanceof io.modelcontextprotocol.spec.McpTransportException
          || t instanceof io.modelcontextprotocol.spec.McpTransportSessionClosedException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static String reasonOf(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < 10 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (root instanceof TimeoutException || (message != null && message.contains("Did not observe any item"))) {
      return "no answer within the timeout";
    }
    if (root instanceof java.io.IOException && message != null && message.contains("error=2")) {
      return "the program was not found (" + message + ")";
    }
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void closeClientQuietly() {
    McpAsyncClient old = client;
    client = null;
    if (old != null) {
      try {
        old.closeGracefully().block(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("closing MCP server '{}'", name(), e);
        try {
          old.close();
        } catch (RuntimeException ignored) {
          // already broken
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeClientQuietly();
  }
}
