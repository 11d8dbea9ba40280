package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One epoch of training for a {@link Trainer}.
 *
 * @param dataset the JSONL dataset (OpenPipe ART groups)
 * @param config the run's settings
 * @param epoch the epoch, from 1
 * @param outputDirectory where the trainer writes this epoch's weights or adapter
 */
public record TrainingJob(Path dataset, TrainingConfig config, int epoch, Path outputDirectory) {
  public TrainingJob {
    requireNonNull(dataset, "dataset");
    requireNonNull(config, "config");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be at least 1: " + epoch);
    }
    requireNonNull(outputDirectory, "outputDirectory");
  }
}
