package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model did on a held-out set of missions (seed 001's {@code ModelPerformanceMetrics}), each
 * figure computed from the evaluation's runs by {@link ModelEvaluation}.
 *
 * @param modelId the model evaluated
 * @param runs how many runs the figures come from
 * @param accuracy the mean of the judge's solution-quality scores, 0..1
 * @param efficiency the mean share of steps that moved a run forward, 0..1
 * @param reasoningQuality the mean of the judge's reasoning-coherence scores, 0..1
 * @param taskCompletionRate the share of runs that met their mission's success criterion, 0..1
 * @param tokensPerSecond output tokens over the seconds spent waiting for the model, over all runs
 */
public record ModelPerformanceMetrics(String modelId, int runs, double accuracy, double efficiency,
    double reasoningQuality, double taskCompletionRate, double tokensPerSecond) {

  public ModelPerformanceMetrics {
    requireNonNull(modelId, "modelId");
    if (runs < 1) {
      throw new IllegalArgumentException("metrics need at least one run: " + runs);
    }
    for (double v : new double[] {accuracy, efficiency, reasoningQuality, taskCompletionRate}) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("accuracy, efficiency, reasoning quality and completion rate must be"
            + " within 0..1: " + v);
      }
    }
    if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException("tokens per second must be a non-negative number: " + tokensPerSecond);
    }
  }

  /**
   * The figure promotion compares: the mean of task completion rate, accuracy and reasoning quality
   * (what the model got right), with efficiency as a lesser part; speed is reported, not compared.
   */
  public double score() {
    return 0.35 * taskCompletionRate + 0.35 * accuracy + 0.2 * reasoningQuality + 0.1 * efficiency;
  }

  /** Whether this model did strictly better than {@code other} by {@link #score()}. */
  public boolean beats(ModelPerformanceMetrics other) {
    return score() > requireNonNull(other, "other").score();
  }

  /** The figures by name, prefixed {@code eval_}, as the model registry keeps metrics. */
  public Map<String, Double> asMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("eval_runs", (double) runs);
    m.put("eval_accuracy", accuracy);
    m.put("eval_efficiency", efficiency);
    m.put("eval_reasoning_quality", reasoningQuality);
    m.put("eval_task_completion_rate", taskCompletionRate);
    m.put("eval_tokens_per_second", tokensPerSecond);
    m.put("eval_score", score());
    return m;
  }

  /** The figures a model's registry metrics hold from an earlier evaluation, when they hold them. */
  public static java.util.Optional<ModelPerformanceMetrics> fromMetrics(String modelId, Map<String, Double> metrics) {
    Double runs = metrics.get("eval_runs");
    if (runs == null || runs < 1) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new ModelPerformanceMetrics(modelId, runs.intValue(),
        metrics.getOrDefault("eval_accuracy", 0.0), metrics.getOrDefault("eval_efficiency", 0.0),
        metrics.getOrDefault("eval_reasoning_quality", 0.0), metrics.getOrDefault("eval_task_completion_rate", 0.0),
        metrics.getOrDefault("eval_tokens_per_second", 0.0)));
  }
}
