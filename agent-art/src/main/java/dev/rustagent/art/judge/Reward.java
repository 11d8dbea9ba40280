package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A reward for one trajectory.
 *
 * @param trajectoryId the trajectory scored
 * @param value the reward, 0..1
 * @param explanation why, in words (may be empty)
 * @param components the parts the reward was made of, by name (may be empty)
 */
public record Reward(String trajectoryId, double value, String explanation, Map<String, Double> components) {
  public Reward {
    requireNonNull(trajectoryId, "trajectoryId");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("reward must be within 0..1: " + value);
    }
    explanation = explanation == null ? "" : explanation;
    components = components == null ? Map.of() : Map.copyOf(components);
  }
}
