package dev.rustagent.tools.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Spaces requests at least a given interval apart, across threads. */
public final class RequestPacer {
  /** Sleeps for the given number of nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long next = Long.MIN_VALUE;

  /** A pacer on the system's monotonic clock. */
  public RequestPacer(Duration interval) {
    this(interval, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** A pacer with its own clock and sleeper, for tests. */
  public RequestPacer(Duration interval, LongSupplier clock, Sleeper sleeper) {
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Waits until the next request may go out, and reserves that slot. */
  public synchronized void acquire() throws InterruptedException {
    long now = clock.getAsLong();
    if (next != Long.MIN_VALUE && now < next) {
      sleeper.sleepNanos(next - now);
      now = next;
    }
    next = now + intervalNanos;
  }
}
