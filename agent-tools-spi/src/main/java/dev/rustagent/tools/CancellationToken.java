package dev.rustagent.tools;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cooperative cancellation signal shared by an agent run and the tools it starts. Once cancelled it
 * stays cancelled. Thread-safe.
 */
public final class CancellationToken {
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
