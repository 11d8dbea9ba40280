package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.spi.internal.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a tool call may rely on besides its arguments: the workspace root (the working directory
 * of every process and the boundary of every file operation), the time the call may take, a
 * cancellation signal, the most characters of output the model is shown, and a logger. Immutable.
 */
public final class ToolContext {
  /** Default time a tool call may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  /** Default cap on the characters of output returned to the model. */
  public static final int DEFAULT_OUTPUT_CAP = 30_000;

  private final Path workspaceRoot;
  private final Duration timeout;
  private final CancellationToken cancellation;
  private final int outputCap;
  private final Logger logger;

  private ToolContext(Builder builder) {
    this(builder.workspaceRoot, builder.timeout, builder.cancellation, builder.outputCap, builder.logger);
  }

  private ToolContext(Path workspaceRoot, Duration timeout, CancellationToken cancellation, int outputCap,
      Logger logger) {
    this.workspaceRoot = workspaceRoot;
    this.timeout = timeout;
    this.cancellation = cancellation;
    this.outputCap = outputCap;
    this.logger = logger;
  }

  /** Starts a context for the given workspace, which must be an existing directory. */
  public static Builder builder(Path workspaceRoot) {
    return new Builder(workspaceRoot);
  }

  /** The absolute, normalised workspace root. */
  public Path workspaceRoot() {
    return workspaceRoot;
  }

  /** How long the call may take before it is stopped. */
  public Duration timeout() {
    return timeout;
  }

  /** The run's cancellation signal. */
  public CancellationToken cancellation() {
    return cancellation;
  }

  /** The most characters of output shown to the model. */
  public int outputCap() {
    return outputCap;
  }

  /** Where the tool logs. */
  public Logger logger() {
    return logger;
  }

  /** Returns a copy of this context with another timeout. */
  public ToolContext withTimeout(Duration newTimeout) {
    return toBuilder().timeout(newTimeout).build();
  }

  /** Returns a copy of this context with another cancellation token. Cheap: nothing is checked again. */
  public ToolContext withCancellation(CancellationToken token) {
    return new ToolContext(workspaceRoot, timeout, requireNonNull(token, "token"), outputCap, logger);
  }

  /** Returns a builder holding this context's values. */
  public Builder toBuilder() {
    return new Builder(workspaceRoot)
        .timeout(timeout)
        .cancellation(cancellation)
        .outputCap(outputCap)
        .logger(logger);
  }

  @Override
  public String toString() {
    return "ToolContext{workspace=" + workspaceRoot + ", timeout=" + timeout + ", outputCap="
        + outputCap + "}";
  }

  /** Builds a {@link ToolContext}; every setter checks its argument at once. */
  public static final class Builder {
    private final Path workspaceRoot;
    private Duration timeout = DEFAULT_TIMEOUT;
    private CancellationToken cancellation = CancellationToken.create();
    private int outputCap = DEFAULT_OUTPUT_CAP;
    private Logger logger = LoggerFactory.getLogger("dev.rustagent.tools.call");

    private Builder(Path workspaceRoot) {
      requireNonNull(workspaceRoot, "workspaceRoot");
      if (!Files.isDirectory(workspaceRoot)) {
        throw new IllegalArgumentException("workspace root is not a directory: " + workspaceRoot);
      }
      this.workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
    }

    /** The time a call may take; must be positive. */
    public Builder timeout(Duration timeout) {
      Durations.positive(timeout, "timeout");
      this.timeout = timeout;
      return this;
    }

    /** The cancellation signal of the run. */
    public Builder cancellation(CancellationToken cancellation) {
      this.cancellation = requireNonNull(cancellation, "cancellation");
      return this;
    }

    /** The most characters of output shown to the model; at least 256. */
    public Builder outputCap(int outputCap) {
      if (outputCap < 256) {
        throw new IllegalArgumentException("output cap must be at least 256 characters: " + outputCap);
      }
      this.outputCap = outputCap;
      return this;
    }

    /** The logger tools write to. */
    public Builder logger(Logger logger) {
      this.logger = requireNonNull(logger, "logger");
      return this;
    }

    /** Builds the immutable context. */
    public ToolContext build() {
      return new ToolContext(this);
    }
  }

  /**
   * A cooperative cancellation signal shared by an agent run and the tools it starts. Once cancelled it
   * stays cancelled. Thread-safe.
   */
  public static final class CancellationToken {
    private static final Logger log = LoggerFactory.getLogger(CancellationToken.class);

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** Returns a new token that is not cancelled. */
    public static CancellationToken create() {
      return new CancellationToken();
    }

    private CancellationToken() {}

    /** Cancels; callbacks registered with {@link #onCancel} run once, on the calling thread. */
    public void cancel() {
      if (cancelled.compareAndSet(false, true)) {
        for (Runnable callback : callbacks) {
          runQuietly(callback);
        }
      }
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
      return cancelled.get();
    }

    /**
     * Runs {@code callback} when the token is cancelled, or at once if it already is. A callback that
     * throws is logged and does not stop the others.
     */
    public void onCancel(Runnable callback) {
      Objects.requireNonNull(callback, "callback");
      callbacks.add(callback);
      if (cancelled.get() && callbacks.remove(callback)) {
        runQuietly(callback);
      }
    }

    /** Throws {@link CancellationException} when the token is cancelled. */
    public void throwIfCancelled() {
      if (cancelled.get()) {
        throw new CancellationException("cancelled");
      }
    }

    private static void runQuietly(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.warn("cancellation callback failed", e);
      }
    }
  }
}
