package dev.rustagent.tools.spi.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Argument checks for durations, shared by every module's builders. Not public API. */
public final class Durations {
  private Durations() {}

  /**
   * {@code duration} when it is longer than zero.
   *
   * @throws NullPointerException naming {@code what} when it is null
   * @throws IllegalArgumentException naming {@code what} and the value when it is zero or negative
   */
  public static Duration positive(Duration duration, String what) {
    requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + duration);
    }
    return duration;
  }
}
