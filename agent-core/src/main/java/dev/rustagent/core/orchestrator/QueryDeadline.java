package dev.rustagent.core.orchestrator;

import dev.rustagent.tools.ToolContext.CancellationToken;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Stops work that runs past a deadline: when the alarm goes off first, the work's cancellation token
 * is cancelled and its thread interrupted, and the caller gets a {@link TimeoutException}.
 */
final class QueryDeadline {
  private final ScheduledExecutorService timer;
  private final Duration timeout;

  QueryDeadline(ScheduledExecutorService timer, Duration timeout) {
    this.timer = timer;
    this.timeout = timeout;
  }

  /** Runs the work on this thread with a fresh token the alarm cancels. */
  <T> T run(Function<CancellationToken, T> work) throws TimeoutException {
    CancellationToken token = CancellationToken.create();
    Thread worker = Thread.currentThread();
    Alarm alarm = new Alarm(token, worker);
    ScheduledFuture<?> scheduled = timer.schedule(alarm::ring, timeout.toMillis(), TimeUnit.MILLISECONDS);
    T result;
    try {
      result = work.apply(token);
    } finally {
      scheduled.cancel(false);
      alarm.over();
    }
    if (alarm.rang()) {
      Thread.interrupted(); // the interrupt was for the work, not for the caller
      throw new TimeoutException("the query took longer than " + timeout.toMillis() + " ms and was stopped");
    }
    return result;
  }

  /** Rings at most once, and only while the work is still going. */
  private static final class Alarm {
    private final CancellationToken token;
    private final Thread worker;
    private boolean over;
    private boolean rang;

    Alarm(CancellationToken token, Thread worker) {
      this.token = token;
      this.worker = worker;
    }

    synchronized void ring() {
      if (!over) {
        rang = true;
        token.cancel();
        worker.interrupt();
      }
    }

    synchronized void over() {
      over = true;
    }

    synchronized boolean rang() {
      return rang;
    }
  }
}
