package dev.rustagent.llm.claude;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle timeouts for reads from the proxy: a watch is {@link #touch() touched} whenever data arrives
 * and runs its timeout action once when none has arrived for its idle time.
 *
 * <p>One watchdog thread sweeps every open watch; nothing is scheduled per request. (A timer task per
 * request made the watchdog wake, a context switch, on every call, and cancelled tasks stayed queued,
 * holding their response bodies, until their delay ran out.) A sweep runs a quarter of the shortest
 * open idle time (10 ms at least) after the previous one, and only while watches are open.
 */
final class IdleWatch {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("claude-proxy-idle-watchdog"));
  private static final Set<IdleWatch> OPEN = ConcurrentHashMap.newKeySet();
  /** When the next sweep is due ({@link System#nanoTime()}), or 0 when none is scheduled. */
  private static final AtomicLong NEXT_SWEEP = new AtomicLong();

  private static final int WATCHING = 0;
  private static final int CLOSED = 1;
  private static final int FIRING = 2;
  private static final int FIRED = 3;

  private final Duration idle;
  private final long idleNanos;
  private final long periodNanos;
  private final Runnable onTimeout;
  private final AtomicInteger state = new AtomicInteger(WATCHING);
  private volatile long lastData = System.nanoTime();

  private IdleWatch(Duration idle, Runnable onTimeout) {
    this.idle = idle;
    this.idleNanos = idle.toNanos();
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(10, idle.toMillis() / 4));
    this.onTimeout = onTimeout;
  }

  /** Starts watching; {@code onTimeout} runs on the watchdog thread, at most once. */
  static IdleWatch start(Duration idle, Runnable onTimeout) {
    IdleWatch watch = new IdleWatch(idle, onTimeout);
    OPEN.add(watch);
    sweepBy(System.nanoTime() + watch.periodNanos);
    return watch;
  }

  /** Data arrived. */
  void touch() {
    lastData = System.nanoTime();
  }

  /** Whether the timeout action ran (or is running). */
  boolean timedOut() {
    return state.get() >= FIRING;
  }

  /** The idle time, for messages. */
  Duration idle() {
    return idle;
  }

  /**
   * Stops watching. True when the timeout never fired; false when it did, in which case this returns
   * only after the action has finished, so the caller can undo its effects (a pending interrupt).
   */
  boolean close() {
    OPEN.remove(this);
    if (state.compareAndSet(WATCHING, CLOSED)) {
      return true;
    }
    while (state.get() == FIRING) {
      Thread.onSpinWait();
    }
    return state.get() != FIRED;
  }

  /** Makes sure a sweep runs no later than {@code due}. */
  private static void sweepBy(long due) {
    while (true) {
      long scheduled = NEXT_SWEEP.get();
      if (scheduled != 0 && scheduled - due <= 0) {
        return;
      }
      if (NEXT_SWEEP.compareAndSet(scheduled, due)) {
        WATCHDOG.schedule(() -> sweep(due), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        return;
      }
    }
  }

  /**
   * Checks every open watch, then schedules the next sweep while any is open. A watch started during
   * the sweep either scheduled its own or is seen by the loop (it joins {@link #OPEN} before it looks
   * at {@link #NEXT_SWEEP}).
   */
  private static void sweep(long due) {
    NEXT_SWEEP.compareAndSet(due, 0);
    long now = System.nanoTime();
    long period = Long.MAX_VALUE;
    for (IdleWatch watch : OPEN) {
      if (watch.check(now)) {
        period = Math.min(period, watch.periodNanos);
      }
    }
    if (period != Long.MAX_VALUE) {
      sweepBy(now + period);
    }
  }

  /** Fires the timeout when idle too long; true while the watch stays open. */
  private boolean check(long now) {
    if (now - lastData <= idleNanos) {
      return true;
    }
    OPEN.remove(this);
    if (state.compareAndSet(WATCHING, FIRING)) {
      try {
        onTimeout.run();
      } finally {
        state.set(FIRED);
      }
    }
    return false;
  }
}
