package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One point of the learning-metrics time series.
 *
 * @param time when it was measured
 * @param conceptsLearned concepts (patterns, fixes) learned so far
 * @param successRate fraction of successful runs, within 0..1
 * @param averageResponseTime mean run latency
 */
public record MetricSample(Instant time, int conceptsLearned, double successRate, Duration averageResponseTime) {

  /** Validates the fields. */
  public MetricSample {
    requireNonNull(time, "time");
    requireNonNull(averageResponseTime, "averageResponseTime");
    if (conceptsLearned < 0) {
      throw new IllegalArgumentException("conceptsLearned must not be negative");
    }
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException("successRate must be within 0..1, was " + successRate);
    }
    if (averageResponseTime.isNegative()) {
      throw new IllegalArgumentException("averageResponseTime must not be negative");
    }
  }
}
