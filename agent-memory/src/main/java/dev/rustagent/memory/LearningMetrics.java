package dev.rustagent.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
}
