package dev.rustagent.art.train;

import java.util.List;
import java.util.function.Consumer;

/** Trains a model on a dataset, one epoch per call. The SPI behind {@link TrainingPipeline}. */
@FunctionalInterface
public interface Trainer {

  /**
   * Runs one epoch.
   *
   * @param job the dataset, settings, epoch and output directory
   * @param onMetric receives each metric as it is reported
   * @return every metric reported, in order; never empty
   * @throws TrainerException when training fails, hangs or reports no metrics
   */
  List<TrainingMetric> train(TrainingJob job, Consumer<TrainingMetric> onMetric);
}
