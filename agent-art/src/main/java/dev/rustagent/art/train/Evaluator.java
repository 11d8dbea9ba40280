package dev.rustagent.art.train;

import java.util.List;

/** Evaluates the model after an epoch; the result is a loss, lower is better. */
@FunctionalInterface
public interface Evaluator {

  /**
   * @param job the epoch just trained
   * @param metrics the metrics the trainer reported for it
   * @return the evaluation loss
   * @throws TrainerException when the model cannot be evaluated
   */
  double evaluate(TrainingJob job, List<TrainingMetric> metrics);

  /**
   * The default: the trainer's last {@code eval_loss}, or its last {@code loss} when it reports no
   * evaluation loss.
   */
  static Evaluator reportedLoss() {
    return (job, metrics) -> {
      for (String name : List.of("eval_loss", "loss")) {
        for (int i = metrics.size() - 1; i >= 0; i--) {
          Double v = metrics.get(i).values().get(name);
          if (v != null) {
            return v;
          }
        }
      }
      throw new TrainerException("epoch " + job.epoch() + " reported neither eval_loss nor loss; print one of them "
          + "or give the pipeline an evaluator");
    };
  }
}
