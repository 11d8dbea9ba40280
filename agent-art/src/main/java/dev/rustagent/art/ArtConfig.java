package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.tools.spi.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the learning loop, as seed 001's {@code [art]}, {@code [art.models]} and
 * {@code [art.storage]} sections give them ({@link #parse}, {@link #load}):
 *
 * <pre>
 * [art]
 * enable_tracking = true                 # record every run as a trajectory
 * enable_training = true                 # let the scheduler train in the background
 * training_interval = 3600               # seconds between the scheduler's checks
 * min_trajectories_for_training = 10     # new trajectories a training needs
 * pattern_matching_threshold = 0.7       # similarity a success pattern needs to match a task
 * reward_threshold_for_learning = 0.7    # reward a run needs to become a lesson or training data
 * training_command = "python3 train.py {dataset} {config} {output}"  # the trainer the scheduler runs
 *
 * [art.models]
 * champion = "llama-3.2-1b-personal"     # the model "champion" means until one is promoted
 * base_models_path = "../command-center" # where base models named by a relative path are found
 * checkpoints_path = "./checkpoints"     # where training runs keep their datasets and checkpoints
 *
 * [art.storage]
 * trajectories_path = "./art_data"       # the trajectory store's directory
 * patterns_path = "./art_patterns"       # the success patterns' memory directory
 * backup_interval = 86400                # seconds between backups of the stores; 0: none
 * </pre>
 *
 * @param enableTracking record each run as a trajectory
 * @param enableTraining let the {@link dev.rustagent.art.train.TrainingScheduler} train when enough new trajectories exist
 * @param usePatterns feed success patterns of earlier runs into each run's context
 * @param trainingInterval how often the scheduler checks for new trajectories
 * @param minTrajectories how many new trajectories a training needs
 * @param patternThreshold the similarity, 0..1, a success pattern needs to match a task
 *     ({@link dev.rustagent.art.patterns.SuccessPatternDatabase.Builder#config})
 * @param rewardThreshold the reward, 0..1, a trajectory needs to become a success pattern and to be used
 *     as training data ({@link dev.rustagent.art.train.TrainingPipeline.Builder#artConfig})
 * @param models the champion's name and the model and checkpoint directories
 * @param storage where the stores live and how often they are backed up
 * @param trainingCommand the training command (program and arguments, shell-like quoting, with the
 *     {@link dev.rustagent.art.train.Trainer.ExternalCommandTrainer} placeholders) that background training
 *     and {@code art train} run; empty when none is configured
 */
public record ArtConfig(boolean enableTracking, boolean enableTraining, boolean usePatterns,
    Duration trainingInterval, int minTrajectories, double patternThreshold, double rewardThreshold,
    Models models, Storage storage, String trainingCommand) {

  /**
   * The {@code [art.models]} section.
   *
   * @param champion the model {@code "champion"} resolves to while the registry has promoted none; empty when unset
   * @param baseModelsPath where base models named by a relative path are found, or null
   * @param checkpointsPath where training runs keep their checkpoints, or null for the data directory's default
   */
  public record Models(String champion, Path baseModelsPath, Path checkpointsPath) {
    public Models {
      champion = champion == null ? "" : champion.strip();
    }

    /** Nothing set. */
    public static Models none() {
      return new Models("", null, null);
    }
  }

  /**
   * The {@code [art.storage]} section.
   *
   * @param trajectoriesPath the trajectory store's directory, or null for the data directory
   * @param patternsPath the success patterns' memory directory, or null for the data directory
   * @param backupInterval how often the stores are backed up ({@link ArtBackup}); zero: never
   */
  public record Storage(Path trajectoriesPath, Path patternsPath, Duration backupInterval) {
    public Storage {
      requireNonNull(backupInterval, "backupInterval");
      if (backupInterval.isNegative()) {
        throw new IllegalArgumentException("backup interval must not be negative: " + backupInterval);
      }
    }

    /** Nothing set: the data directory's stores, no backups. */
    public static Storage none() {
      return new Storage(null, null, Duration.ZERO);
    }
  }

  public ArtConfig {
    Durations.positive(trainingInterval, "training interval");
    if (minTrajectories < 1) {
      throw new IllegalArgumentException("minimum trajectories must be at least 1: " + minTrajectories);
    }
    unit(patternThreshold, "pattern threshold");
    unit(rewardThreshold, "reward threshold");
    models = models == null ? Models.none() : models;
    storage = storage == null ? Storage.none() : storage;
    trainingCommand = trainingCommand == null ? "" : trainingCommand.strip();
  }

  /** Settings without model or storage sections. */
  public ArtConfig(boolean enableTracking, boolean enableTraining, boolean usePatterns, Duration trainingInterval,
      int minTrajectories, double patternThreshold, double rewardThreshold) {
    this(enableTracking, enableTraining, usePatterns, trainingInterval, minTrajectories, patternThreshold,
        rewardThreshold, Models.none(), Storage.none(), "");
  }

  /**
   * Reads the {@code [art]}, {@code [art.models]} and {@code [art.storage]} sections of a TOML text
   * (other sections are left to their readers); relative paths resolve against {@code baseDirectory}.
   * Missing keys keep their defaults.
   *
   * @throws ArtException listing every unknown key, wrong type and out-of-range value, each by name
   */
  public static ArtConfig parse(String toml, String source, Path baseDirectory) {
    return dev.rustagent.art.internal.ArtConfigReader.parse(toml, source, baseDirectory, builder());
  }

  /**
   * Reads a TOML file's ART sections ({@link #parse}); relative paths resolve against the file's directory.
   *
   * @throws ArtException when the file cannot be read or its ART sections are wrong
   */
  public static ArtConfig load(Path file) {
    requireNonNull(file, "file");
    String text;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new ArtException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir);
  }

  /** Tracking and patterns on, training off, hourly checks, 50 trajectories, thresholds 0.2 and 0.7, no backups. */
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
    private double patternThreshold = 0.2;
    private double rewardThreshold = 0.7;
    private Models models = Models.none();
    private Storage storage = Storage.none();
    private String trainingCommand = "";

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
      Durations.positive(interval, "training interval");
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

    /** Similarity a success pattern needs to match a task; 0..1, default 0.2. */
    public Builder patternThreshold(double threshold) {
      this.patternThreshold = unit(threshold, "pattern threshold");
      return this;
    }

    /** Reward needed to become a success pattern or training data; 0..1, default 0.7. */
    public Builder rewardThreshold(double threshold) {
      this.rewardThreshold = unit(threshold, "reward threshold");
      return this;
    }

    /** The {@code [art.models]} settings. */
    public Builder models(Models models) {
      this.models = requireNonNull(models, "models");
      return this;
    }

    /** The {@code [art.storage]} settings. */
    public Builder storage(Storage storage) {
      this.storage = requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The training command ({@code [art] training_command}); its words must split (balanced quotes).
     *
     * @throws IllegalArgumentException when its quoting is broken
     */
    public Builder trainingCommand(String command) {
      requireNonNull(command, "command");
      dev.rustagent.core.internal.CommandWords.split(command);
      this.trainingCommand = command.strip();
      return this;
    }

    /** Builds the configuration. */
    public ArtConfig build() {
      return new ArtConfig(enableTracking, enableTraining, usePatterns, trainingInterval, minTrajectories,
          patternThreshold, rewardThreshold, models, storage, trainingCommand);
    }
  }

  /** A failure of the ART machinery: a store that cannot be read or written, a bad configuration. */
  public static class ArtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ArtException(String message) {
      super(message);
    }

    /** With a message and a cause. */
    public ArtException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
