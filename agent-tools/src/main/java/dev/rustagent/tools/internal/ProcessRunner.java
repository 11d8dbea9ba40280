package dev.rustagent.tools.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.CancellationToken;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one program from an argument list (never through a shell string), with a working directory,
 * an environment, a timeout and a cancellation signal that both kill the whole process tree, and a
 * bound on the output kept in memory.
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
   */
  public record Command(List<String> argv, Path directory, Map<String, String> environment, String stdin) {
    public Command {
      argv = List.copyOf(requireNonNull(argv, "argv"));
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv must name a program");
      }
      requireNonNull(directory, "directory");
      environment = Map.copyOf(requireNonNull(environment, "environment"));
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
    ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(command.directory().toFile());
    builder.environment().clear();
    builder.environment().putAll(command.environment());
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
    Thread outReader = drain(process.getInputStream(), out, "stdout-" + process.pid());
    Thread errReader = drain(process.getErrorStream(), err, "stderr-" + process.pid());
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

  /** Kills the process and every descendant, children first. */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    for (ProcessHandle handle : descendants) {
      handle.destroyForcibly();
    }
    process.destroyForcibly();
  }

  private static void writeStdin(Process process, String text) {
    Thread writer = new Thread(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        log.debug("stdin of pid {} closed early: {}", process.pid(), e.getMessage());
      }
    }, "stdin-" + process.pid());
    writer.setDaemon(true);
    writer.start();
  }

  private static Thread drain(InputStream stream, BoundedText sink, String name) {
    Thread thread = new Thread(() -> {
      char[] buffer = new char[8192];
      try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
        int n;
        while ((n = reader.read(buffer)) >= 0) {
          sink.append(buffer, n);
        }
      } catch (IOException e) {
        log.debug("{} closed: {}", name, e.getMessage());
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
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
