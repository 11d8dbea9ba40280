package dev.rustagent.core;

import dev.rustagent.tools.ToolContext.CancellationToken;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's total time budget: the run gets a cancellation token of its own that the caller's token
 * cancels, and that is cancelled when the budget runs out, so model waits, retries and tool processes
 * all stop at the deadline. Without a budget the caller's token is used as it is.
 */
final class RunBudget {
  private final CancellationToken cancellation;
  private final Duration timeout;
  private final long deadlineNanos;
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunBudget(CancellationToken cancellation, Duration timeout) {
    this.cancellation = cancellation;
    this.timeout = timeout;
    this.deadlineNanos = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
  }

  static RunBudget start(Duration timeout, CancellationToken caller) {
    if (timeout == null) {
      return new RunBudget(caller, null);
    }
    CancellationToken own = CancellationToken.create();
    RunBudget budget = new RunBudget(own, timeout);
    caller.onCancel(own::cancel);
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(budget::expire);
    return budget;
  }

  private void expire() {
    if (!closed.get() && timedOut.compareAndSet(false, true)) {
      cancellation.cancel();
    }
  }

  CancellationToken cancellation() {
    return cancellation;
  }

  /** The time left, when the run has a budget. */
  Optional<Duration> remaining() {
    if (timeout == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
  }

  boolean timedOut() {
    return timedOut.get();
  }

  ModelException timeoutFailure() {
    return new ModelException(ModelException.Kind.TIMEOUT, "the run used up its time budget of "
        + timeout.toSeconds() + " s");
  }

  void close() {
    closed.set(true);
  }
}
