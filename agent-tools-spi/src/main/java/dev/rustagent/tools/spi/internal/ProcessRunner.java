package dev.rustagent.tools.spi.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ToolContext.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way this project starts a child process: one program from an argument list (never through a
 * shell string), with a working directory, an environment from which credentials are always removed
 * ({@link ChildEnvironment}), a timeout and a cancellation signal that both kill the whole process
 * tree, and a bound on the output kept in memory.
 *
 * <p>Internal: not public API; used by the built-in tools, the orchestrator and the ART trainer.
 */
public final class ProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  /** Default number of characters kept per stream. */
  public static final int DEFAULT_CAPTURE_LIMIT = 8_000_000;

  private ProcessRunner() {}

  /**
   * What to run.
   *
   * @param argv program and arguments
   * @param directory working directory
   * @param environment the complete environment of the process
   * @param stdin text written to the standard input, or {@code null} for none
   * @param allowedCredentials names of credential-like variables the host lets through
   */
  public record Command(List<String> argv, Path directory, Map<String, String> environment, String stdin,
      Set<String> allowedCredentials) {
    public Command {
      argv = List.copyOf(requireNonNull(argv, "argv"));
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv must name a program");
      }
      requireNonNull(directory, "directory");
      environment = Map.copyOf(requireNonNull(environment, "environment"));
      allowedCredentials = Set.copyOf(requireNonNull(allowedCredentials, "allowedCredentials"));
    }

    /** A command whose environment loses every credential-like variable. */
    public Command(List<String> argv, Path directory, Map<String, String> environment, String stdin) {
      this(argv, directory, environment, stdin, Set.of());
    }
  }

  /**
   * How the process ended.
   *
   * @param exitCode the exit code, or -1 when the process was killed
   * @param stdout standard output, possibly cut (see {@link #outputCut})
   * @param stderr standard error, possibly cut
   * @param timedOut whether the timeout killed the process tree
   * @param cancelled whether cancellation killed the process tree
   * @param outputCut whether more output was produced than was kept
   */
  public record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean cancelled,
      boolean outputCut) {

    /** Exited by itself with code 0. */
    public boolean succeeded() {
      return exitCode == 0 && !timedOut && !cancelled;
    }

    /** Standard output and standard error, separated by a newline when both are present. */
    public String combined() {
      if (stderr.isEmpty()) {
        return stdout;
      }
      if (stdout.isEmpty()) {
        return stderr;
      }
      return stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
  }

  /** The program could not be started (not installed, not executable). */
  public static final class StartException extends IOException {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs the command and waits for it, the timeout, or cancellation.
   *
   * @throws StartException when the program cannot be started
   * @throws InterruptedException when the calling thread is interrupted (the tree is killed first)
   */
  public static Outcome run(Command command, Duration timeout, CancellationToken cancellation,
      int captureLimit) throws StartException, InterruptedException {
    return run(command, timeout, cancellation, captureLimit, line -> { });
  }

  /**
   * Runs the command like {@link #run(Command, Duration, CancellationToken, int)}, handing every line
   * of standard output and standard error to {@code onLine} as it arrives (from reader threads).
   */
  public static Outcome run(Command command, Duration timeout, CancellationToken cancellation,
      int captureLimit, Consumer<String> onLine) throws StartException, InterruptedException {
    requireNonNull(command, "command");
    requireNonNull(timeout, "timeout");
    requireNonNull(cancellation, "cancellation");
    requireNonNull(onLine, "onLine");
    ProcessBuilder builder = processBuilder(command.argv(), command.directory(), command.environment(),
        command.allowedCredentials());
    if (command.stdin() == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StartException("cannot start '" + command.argv().get(0) + "': " + e.getMessage(), e);
    }
    log.debug("started pid {}: {}", process.pid(), command.argv());
    BoundedText out = new BoundedText(captureLimit);
    BoundedText err = new BoundedText(captureLimit);
    Thread outReader = drain(process.getInputStream(), out, onLine, "stdout-" + process.pid());
    Thread errReader = drain(process.getErrorStream(), err, onLine, "stderr-" + process.pid());
    if (command.stdin() != null) {
      writeStdin(process, command.stdin());
    }
    java.util.concurrent.atomic.AtomicBoolean cancelledFlag = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable onCancel = () -> {
      if (process.isAlive()) {
        cancelledFlag.set(true);
        killTree(process);
      }
    };
    cancellation.onCancel(onCancel);
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    boolean timedOut = !finished;
    if (!finished) {
      log.debug("pid {} exceeded {}; killing its process tree", process.pid(), timeout);
      killTree(process);
      process.waitFor(5, TimeUnit.SECONDS);
    }
    outReader.join(2_000);
    errReader.join(2_000);
    boolean cancelled = cancelledFlag.get() && !timedOut;
    int exit = finished && !cancelled ? process.exitValue() : -1;
    return new Outcome(exit, out.text(), err.text(), timedOut, cancelled, out.wasCut() || err.wasCut());
  }

  /**
   * A process builder for a long-lived child (a language server, an MCP server) that the caller
   * drives itself: the environment is replaced by {@code environment} without credentials.
   */
  public static ProcessBuilder processBuilder(List<String> argv, Path directory, Map<String, String> environment,
      Set<String> allowedCredentials) {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(ChildEnvironment.scrub(environment, allowedCredentials));
    return builder;
  }

  /** Kills the process and every descendant, children first. */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    for (ProcessHandle handle : descendants) {
      handle.destroyForcibly();
    }
    process.destroyForcibly();
  }

  private static void writeStdin(Process process, String text) {
    Thread writer = DaemonThreads.create(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        log.debug("stdin of pid {} closed early: {}", process.pid(), e.getMessage());
      }
    }, "stdin-" + process.pid());
    writer.start();
  }

  private static Thread drain(InputStream stream, BoundedText sink, Consumer<String> onLine, String name) {
    Thread thread = DaemonThreads.create(() -> {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
        int n;
        while ((n = reader.read(buffer)) >= 0) {
          sink.append(buffer, n);
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              deliver(onLine, line);
            } else if (line.length() < 65_536) {
              line.append(buffer[i]);
            }
          }
        }
        if (line.length() > 0) {
          deliver(onLine, line);
        }
      } catch (IOException e) {
        log.debug("{} closed: {}", name, e.getMessage());
      }
    }, name);
    thread.start();
    return thread;
  }

  private static void deliver(Consumer<String> onLine, StringBuilder line) {
    String text = line.toString();
    line.setLength(0);
    try {
      onLine.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    } catch (RuntimeException e) {
      log.warn("a line listener failed: {}", e.toString());
    }
  }

  /** Keeps the first {@code limit} characters and the last few thousand, counting the rest. */
  static final class BoundedText {
    private static final int TAIL = 16_384;
    private final int limit;
    private final StringBuilder head = new StringBuilder();
    private final char[] tail = new char[TAIL];
    private int tailStart;
    private int tailLength;
    private long dropped;

    BoundedText(int limit) {
      this.limit = limit;
    }

    synchronized void append(char[] chars, int count) {
      int offset = 0;
      if (head.length() < limit) {
        int take = Math.min(count, limit - head.length());
        head.append(chars, 0, take);
        offset = take;
      }
      for (int i = offset; i < count; i++) {
        if (tailLength == TAIL) {
          tailStart = (tailStart + 1) % TAIL;
          tailLength--;
          dropped++;
        }
        tail[(tailStart + tailLength) % TAIL] = chars[i];
        tailLength++;
      }
    }

    synchronized boolean wasCut() {
      return dropped > 0;
    }

    synchronized String text() {
      if (tailLength == 0) {
        return head.toString();
      }
      StringBuilder all = new StringBuilder(head.length() + tailLength + 80).append(head);
      if (dropped > 0) {
        all.append("\n... [").append(dropped).append(" characters of output not kept] ...\n");
      }
      for (int i = 0; i < tailLength; i++) {
        all.append(tail[(tailStart + i) % TAIL]);
      }
      return all.toString();
    }
  }
}
