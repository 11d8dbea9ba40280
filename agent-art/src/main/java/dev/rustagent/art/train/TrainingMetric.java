package dev.rustagent.art.train;

import java.util.Map;
import java.util.Optional;

/**
 * One metrics line a trainer reported, such as {@code {"step":1,"loss":0.42}}.
 *
 * @param step the optimiser step
 * @param values the other numeric fields by name
 */
public record TrainingMetric(long step, Map<String, Double> values) {
  public TrainingMetric {
    values = Map.copyOf(values);
  }

  /** A value by name. */
  public Optional<Double> value(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
