package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryTracker;
import dev.rustagent.art.judge.PerformanceJudge.PerformanceEvaluation;
import dev.rustagent.art.judge.PerformanceJudge;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import java.util.LinkedHashMap;

/**
 * Runs a held-out set of missions with a model and computes its {@link ModelPerformanceMetrics}; a
 * candidate becomes the champion only when it beats every model it is compared with
 * ({@link #promoteIfBetter}). The evaluation's runs are judged by a {@link PerformanceJudge} but not
 * saved as training data: held-out missions must stay held out.
 */
public final class ModelEvaluation {
  private static final Logger log = LoggerFactory.getLogger(ModelEvaluation.class);

  private ModelEvaluation() {}

  /**
   * A held-out mission.
   *
   * @param objective the task
   * @param success whether a run met the mission's goal
   */
  public record Mission(String objective, Predicate<AgentResult> success) {
    public Mission {
      requireNonNull(objective, "objective");
      requireNonNull(success, "success");
      if (objective.isBlank()) {
        throw new IllegalArgumentException("a mission needs an objective");
      }
    }

    /** A mission whose run succeeds when it completes ({@link AgentResult#isSuccess()}). */
    public static Mission of(String objective) {
      return new Mission(objective, AgentResult::isSuccess);
    }
  }

  /**
   * Runs every mission once with {@code agent} (the model under evaluation) and computes the metrics.
   *
   * @param modelId the evaluated model's name in the report
   * @throws IllegalArgumentException when there are no missions
   * @throws dev.rustagent.art.judge.RewardModel.JudgeException when the judge fails: no figure is made up
   */
  public static ModelPerformanceMetrics evaluate(String modelId, Agent agent, List<Mission> missions,
      PerformanceJudge judge) {
    requireNonNull(modelId, "modelId");
    requireNonNull(agent, "agent");
    requireNonNull(judge, "judge");
    if (missions.isEmpty()) {
      throw new IllegalArgumentException("an evaluation needs at least one mission");
    }
    TrajectoryTracker tracker = TrajectoryTracker.builder().agentName("eval").modelName(modelId)
        .kind("eval:" + modelId).build();
    Agent evaluated = agent.toBuilder().listener(tracker).build();
    int completed = 0;
    double quality = 0;
    double reasoning = 0;
    double efficiency = 0;
    long outputTokens = 0;
    Duration waiting = Duration.ZERO;
    for (Mission mission : missions) {
      AgentResult result = evaluated.run(mission.objective());
      boolean success;
      try {
        success = mission.success().test(result);
      } catch (RuntimeException e) {
        log.warn("the success criterion of '{}' failed; counting the run as not completed", mission.objective(), e);
        success = false;
      }
      Trajectory t = tracker.completed(result.runId()).orElseThrow(() -> new IllegalStateException(
          "the run of '" + mission.objective() + "' was not recorded"));
      PerformanceEvaluation judged = judge.evaluate(t);
      completed += success ? 1 : 0;
      quality += judged.solutionQuality();
      reasoning += judged.reasoning();
      efficiency += t.metadata().efficiency();
      outputTokens += result.usage().outputTokenCount();
      for (Duration latency : result.modelLatencies()) {
        waiting = waiting.plus(latency);
      }
    }
    int n = missions.size();
    double seconds = waiting.toNanos() / 1e9;
    return new ModelPerformanceMetrics(modelId, n, quality / n, efficiency / n, reasoning / n, (double) completed / n,
        seconds > 0 ? outputTokens / seconds : 0);
  }

  /**
   * Records the candidate's metrics with its registered model and promotes it to champion when it beats
   * every one of {@code rivals} (the base model and the current champion, evaluated on the same missions).
   *
   * @return whether the candidate was promoted
   * @throws IllegalArgumentException when the candidate is not registered
   */
  public static boolean promoteIfBetter(ModelRegistry registry, ModelPerformanceMetrics candidate,
      List<ModelPerformanceMetrics> rivals) {
    requireNonNull(registry, "registry");
    requireNonNull(candidate, "candidate");
    RegisteredModel model = registry.find(candidate.modelId()).orElseThrow(() -> new IllegalArgumentException(
        "model '" + candidate.modelId() + "' is not registered"));
    Map<String, Double> metrics = new java.util.LinkedHashMap<>(model.metrics());
    metrics.putAll(candidate.asMetrics());
    registry.register(new RegisteredModel(model.id(), model.kind(), model.parentId(), model.baseModel(),
        model.location(), model.servedName(), model.specialization(), metrics, model.lastTrained()));
    List<ModelPerformanceMetrics> beaten = new ArrayList<>(rivals);
    boolean better = beaten.stream().filter(r -> !r.modelId().equals(candidate.modelId())).allMatch(candidate::beats);
    if (better) {
      registry.promote(candidate.modelId());
      log.info("{} is the new champion (score {})", candidate.modelId(), candidate.score());
    }
    return better;
  }

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
}
