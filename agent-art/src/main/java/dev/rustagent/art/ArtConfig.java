package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the learning loop.
 *
 * @param enableTracking record each run as a trajectory
 * @param enableTraining let the {@link dev.rustagent.art.train.TrainingScheduler} train when enough new trajectories exist
 * @param usePatterns feed success patterns of earlier runs into each run's context
 * @param trainingInterval how often the scheduler checks for new trajectories
 * @param minTrajectories how many new trajectories a training needs
 * @param patternThreshold the reward a trajectory needs to become a success pattern, 0..1
 * @param rewardThreshold the reward a trajectory needs to be used as training data, 0..1
 */
public record ArtConfig(boolean enableTracking, boolean enableTraining, boolean usePatterns,
    Duration trainingInterval, int minTrajectories, double patternThreshold, double rewardThreshold) {

  public ArtConfig {
    requireNonNull(trainingInterval, "trainingInterval");
    if (trainingInterval.isNegative() || trainingInterval.isZero()) {
      throw new IllegalArgumentException("training interval must be positive: " + trainingInterval);
    }
    if (minTrajectories < 1) {
      throw new IllegalArgumentException("minimum trajectories must be at least 1: " + minTrajectories);
    }
    unit(patternThreshold, "pattern threshold");
    unit(rewardThreshold, "reward threshold");
  }

  /** Tracking and patterns on, training off, hourly checks, 50 trajectories, thresholds 0.7 and 0.5. */
  public static ArtConfig defaults() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private static double unit(double value, String name) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1: " + value);
    }
    return value;
  }

  /** Builds an {@link ArtConfig}; each setter checks its argument at once. */
  public static final class Builder {
    private boolean enableTracking = true;
    private boolean enableTraining;
    private boolean usePatterns = true;
    private Duration trainingInterval = Duration.ofHours(1);
    private int minTrajectories = 50;
    private double patternThreshold = 0.7;
    private double rewardThreshold = 0.5;

    private Builder() {}

    /** Record runs as trajectories (default on). */
    public Builder enableTracking(boolean on) {
      this.enableTracking = on;
      return this;
    }

    /** Train in the background (default off). */
    public Builder enableTraining(boolean on) {
      this.enableTraining = on;
      return this;
    }

    /** Feed success patterns into runs (default on). */
    public Builder usePatterns(boolean on) {
      this.usePatterns = on;
      return this;
    }

    /** How often to check for new trajectories; positive, default 1 hour. */
    public Builder trainingInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("training interval must be positive: " + interval);
      }
      this.trainingInterval = interval;
      return this;
    }

    /** New trajectories needed before training; at least 1, default 50. */
    public Builder minTrajectories(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("minimum trajectories must be at least 1: " + n);
      }
      this.minTrajectories = n;
      return this;
    }

    /** Reward needed to become a success pattern; 0..1, default 0.7. */
    public Builder patternThreshold(double threshold) {
      this.patternThreshold = unit(threshold, "pattern threshold");
      return this;
    }

    /** Reward needed to become training data; 0..1, default 0.5. */
    public Builder rewardThreshold(double threshold) {
      this.rewardThreshold = unit(threshold, "reward threshold");
      return this;
    }

    /** Builds the configuration. */
    public ArtConfig build() {
      return new ArtConfig(enableTracking, enableTraining, usePatterns, trainingInterval, minTrajectories,
          patternThreshold, rewardThreshold);
    }
  }
}
