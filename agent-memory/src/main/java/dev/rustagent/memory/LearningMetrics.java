package dev.rustagent.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import static java.util.Objects.requireNonNull;
import java.time.Duration;

/** The learning-metrics time series. Safe for concurrent use. */
public interface LearningMetrics {

  /**
   * @param sample a measurement to append
   */
  void record(MetricSample sample);

  /**
   * @param from inclusive start
   * @param to exclusive end
   * @return the samples in the range, oldest first
   */
  List<MetricSample> between(Instant from, Instant to);

  /** @return all samples, oldest first */
  List<MetricSample> all();

  /** @return the newest sample, if any */
  Optional<MetricSample> latest();

  /**
   * One point of the learning-metrics time series.
   *
   * @param time when it was measured
   * @param conceptsLearned concepts (patterns, fixes) learned so far
   * @param successRate fraction of successful runs, within 0..1
   * @param averageResponseTime mean run latency
   * @param inputTokens input tokens neither written to nor read from the prompt cache, over the runs counted
   * @param cacheWriteTokens input tokens written to the prompt cache, over the runs counted
   * @param cacheReadTokens input tokens read from the prompt cache, over the runs counted
   * @param outputTokens output tokens, over the runs counted
   */
  public record MetricSample(Instant time, int conceptsLearned, double successRate, Duration averageResponseTime,
      long inputTokens, long cacheWriteTokens, long cacheReadTokens, long outputTokens) {

    /** A sample without token counts. */
    public MetricSample(Instant time, int conceptsLearned, double successRate, Duration averageResponseTime) {
      this(time, conceptsLearned, successRate, averageResponseTime, 0, 0, 0, 0);
    }

    /** Validates the fields. */
    public MetricSample {
      if (inputTokens < 0 || cacheWriteTokens < 0 || cacheReadTokens < 0 || outputTokens < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
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
}
