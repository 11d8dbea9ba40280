package dev.rustagent.mcp;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP over a child process's stdin and stdout, one JSON-RPC message a line. Used instead of the SDK's
 * stdio transport for three reasons: the child starts from an empty environment (the SDK copies this
 * whole process's environment into it), a line that is not JSON-RPC is logged and skipped (the SDK
 * stops reading for good, so every later call hangs until its timeout), and the process and its
 * descendants are known, so an exit is noticed at once and closing ends them all.
 */
final class StdioTransport implements McpClientTransport {
  private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);
  /** After this many lines of garbage the server is taken as broken and stopped. */
  static final int MAX_GARBAGE_LINES = 50;

  private final String server;
  private final List<String> command;
  private final Map<String, String> environment;
  private final McpJsonMapper mapper;
  private final int maxLineChars;
  private final Consumer<String> stderr;
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private volatile Process process;
  private volatile Consumer<Throwable> exceptionHandler = t -> { };
  private volatile boolean closing;

  StdioTransport(String server, List<String> command, Map<String, String> environment, McpJsonMapper mapper,
      int maxLineChars, Consumer<String> stderr) {
    this.server = server;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.mapper = mapper;
    this.maxLineChars = maxLineChars;
    this.stderr = stderr;
  }

  /** Completes with the exit code when the process ends. */
  CompletableFuture<Integer> exited() {
    return exited;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(environment);
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new McpTransportException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
      }
      process.onExit().thenAccept(p -> exited.complete(p.exitValue()));
      daemon("mcp-out-" + server, () -> readMessages(handler));
      daemon("mcp-err-" + server, this::readErrors);
    });
  }

  private static void daemon(String name, Runnable body) {
    DaemonThreads.start(body, name);
  }

  private void readMessages(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    int garbage = 0;
    try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
      LineReader lines = new LineReader(in, maxLineChars);
      String line;
      while ((line = lines.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (line == LineReader.TOO_LONG) {
          log.warn("MCP server '{}' sent a message over {} characters; dropped", server, maxLineChars);
          continue;
        }
        McpSchema.JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(mapper, line);
        } catch (IOException | RuntimeException e) {
          garbage++;
          log.warn("MCP server '{}' sent a line that is not JSON-RPC; skipped: {}", server,
              line.length() > 200 ? line.substring(0, 200) + "..." : line);
          if (garbage >= MAX_GARBAGE_LINES) {
            log.warn("MCP server '{}' sent {} lines of garbage; stopping it", server, garbage);
            stopProcess();
            return;
          }
          continue;
        }
        handler.apply(Mono.just(message)).subscribe(ignored -> { },
            error -> log.warn("MCP server '{}': handling a message failed", server, error));
      }
    } catch (IOException e) {
      if (!closing) {
        log.debug("MCP server '{}': reading its output failed", server, e);
      }
    }
    if (!closing) {
      exceptionHandler.accept(new McpTransportException("MCP server '" + server + "' closed its output"));
    }
  }

  private void readErrors() {
    try (Reader in = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
      LineReader lines = new LineReader(in, 4_000);
      String line;
      while ((line = lines.next()) != null) {
        stderr.accept(line == LineReader.TOO_LONG ? "(a very long line)" : line);
      }
    } catch (IOException e) {
      log.debug("MCP server '{}': reading its stderr failed", server, e);
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      Process current = process;
      if (current == null || !current.isAlive()) {
        throw new McpTransportException("MCP server '" + server + "' is not running");
      }
      try {
        byte[] bytes = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out = current.getOutputStream();
        synchronized (this) {
          out.write(bytes);
          out.flush();
        }
      } catch (IOException e) {
        throw new McpTransportException("cannot write to MCP server '" + server + "': " + e.getMessage(), e);
      }
    });
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      closing = true;
      Process current = process;
      if (current == null) {
        return;
      }
      try {
        current.getOutputStream().close();
      } catch (IOException e) {
        log.debug("closing the stdin of MCP server '{}'", server, e);
      }
      try {
        if (!current.waitFor(2, TimeUnit.SECONDS)) {
          stopProcess();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopProcess();
      }
    });
  }

  private void stopProcess() {
    Process current = process;
    if (current == null) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(current.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    current.destroy();
    try {
      if (!current.waitFor(2, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.destroyForcibly();
    }
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    this.exceptionHandler = handler == null ? t -> { } : handler;
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return mapper.convertValue(data, type);
  }

  /** Reads lines of at most a given length; a longer line is consumed and returned as {@link #TOO_LONG}. */
  static final class LineReader {
    static final String TOO_LONG = new String("(too long)");

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    LineReader(Reader in, int max) {
      this.in = in;
      this.max = max;
    }

    String next() throws IOException {
      StringBuilder line = new StringBuilder();
      boolean tooLong = false;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return line.length() == 0 && !tooLong ? null : tooLong ? TOO_LONG : line.toString();
          }
        }
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          position++;
        }
        if (!tooLong) {
          line.append(buffer, start, position - start);
          if (line.length() > max) {
            tooLong = true;
            line.setLength(0);
          }
        }
        if (position < limit) {
          position++;
          if (tooLong) {
            return TOO_LONG;
          }
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
      }
    }
  }
}
