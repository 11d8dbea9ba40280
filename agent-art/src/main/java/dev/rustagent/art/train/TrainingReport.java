package dev.rustagent.art.train;

import org.jspecify.annotations.Nullable;
import dev.rustagent.art.export.ExportSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TrainingPipeline} run did.
 *
 * @param dataset the dataset written
 * @param groupsWithAdvantage objective groups whose rewards differ (the ones GRPO learns from)
 * @param groupsSkipped objective groups without spread in rewards or with a single scored trajectory
 * @param epochs per-epoch results, in order
 * @param stoppedEarly whether training stopped before the last epoch
 * @param stopReason why training stopped
 * @param model the model registered, when a registry was given
 */
public record TrainingReport(ExportSummary dataset, int groupsWithAdvantage, int groupsSkipped, List<Epoch> epochs,
    boolean stoppedEarly, String stopReason, RegisteredModel model) {

  public TrainingReport {
    epochs = List.copyOf(epochs);
  }

  /** The registered model. */
  public Optional<RegisteredModel> registered() {
    return Optional.ofNullable(model);
  }

  /**
   * One epoch.
   *
   * @param epoch the epoch, from 1
   * @param steps metrics lines reported
   * @param metrics the last value of each metric
   * @param evalLoss the evaluation's loss (lower is better), or null when not evaluated this epoch
   * @param checkpoint the checkpoint saved, or null
   */
  public record Epoch(int epoch, int steps, Map<String, Double> metrics, @Nullable Double evalLoss, @Nullable String checkpoint) {
    public Epoch {
      metrics = Map.copyOf(metrics);
    }
  }
}
