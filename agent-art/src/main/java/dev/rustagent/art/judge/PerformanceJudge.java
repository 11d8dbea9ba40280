package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.internal.Conversations;
import dev.rustagent.art.internal.JudgeCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import dev.rustagent.art.judge.RewardModel.Reward;
import dev.rustagent.art.judge.RewardModel.JudgeException;

/**
 * Scores one trajectory at a time. Task completion, solution quality, tool-usage quality and
 * reasoning coherence come from an LLM answering structured JSON (score 0..1 and explanation per
 * component); efficiency (estimated optimal steps over actual steps) and error recovery (failed tool
 * calls later recovered from) are computed from the steps. The components are weighted by
 * {@link ScoringCriteria}. A malformed answer is retried once; then {@link JudgeException}.
 *
 * <p>Thread-safe when the chat model is.
 */
public final class PerformanceJudge implements RewardModel {
  static final List<String> LLM_COMPONENTS =
      List.of("task_completion", "solution_quality", "tool_usage", "reasoning_coherence");
  private static final String SYSTEM = """
      You evaluate one run of an AI coding agent that works on Rust projects. Judge four things, each \
      with a score from 0.0 (worst) to 1.0 (best) and a one-sentence explanation:
      - task_completion: did the run achieve the objective?
      - solution_quality: is the result correct, idiomatic and complete?
      - tool_usage: were the right tools called with sensible arguments, without waste?
      - reasoning_coherence: does the reasoning follow from what the agent observed?
      Answer with only this JSON object and nothing else:
      {"task_completion":{"score":0.0,"explanation":"..."},"solution_quality":{"score":0.0,"explanation":"..."},\
      "tool_usage":{"score":0.0,"explanation":"..."},"reasoning_coherence":{"score":0.0,"explanation":"..."}}""";

  private final ChatModel model;
  private final ScoringCriteria criteria;
  private final ToIntFunction<Trajectory> optimalSteps;

  private PerformanceJudge(Builder b) {
    this.model = b.model;
    this.criteria = b.criteria;
    this.optimalSteps = b.optimalSteps;
  }

  /** Starts a judge that asks {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Evaluates one trajectory.
   *
   * @throws JudgeException when the model's answer stays malformed or the call fails
   */
  public PerformanceEvaluation evaluate(Trajectory t) {
    requireNonNull(t, "trajectory");
    String user = "Objective: " + t.objective() + "\nHow the run ended: " + t.metadata().status()
        + "\nSteps:\n" + Conversations.steps(t) + "\nFinal answer: " + (t.answer().isBlank() ? "(none)" : t.answer());
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, String> explanations = new LinkedHashMap<>();
    JudgeCall.ask(model, "PerformanceJudge", SYSTEM, user, json -> {
      Map<String, Double> s = new LinkedHashMap<>();
      Map<String, String> e = new LinkedHashMap<>();
      for (String component : LLM_COMPONENTS) {
        JsonNode node = json.get(component);
        if (node == null || !node.isObject()) {
          throw new IllegalArgumentException("'" + component + "' is missing");
        }
        s.put(component, JudgeCall.score(node, "score", "'" + component + "'"));
        e.put(component, JudgeCall.text(node, "explanation"));
      }
      scores.putAll(s);
      explanations.putAll(e);
      return s;
    });
    double efficiency = efficiency(t);
    double recovery = errorRecovery(t);
    double overall = (criteria.taskCompletion() * scores.get("task_completion")
        + criteria.solutionQuality() * scores.get("solution_quality")
        + criteria.efficiency() * (efficiency + recovery) / 2
        + criteria.toolUsage() * scores.get("tool_usage")
        + criteria.reasoning() * scores.get("reasoning_coherence")) / criteria.total();
    return new PerformanceEvaluation(t.id(), scores.get("task_completion"), scores.get("solution_quality"),
        scores.get("tool_usage"), scores.get("reasoning_coherence"), efficiency, recovery,
        Math.max(0, Math.min(1, overall)), explanations);
  }

  @Override
  public List<Reward> score(List<Trajectory> group) {
    List<Reward> out = new ArrayList<>(group.size());
    for (Trajectory t : group) {
      PerformanceEvaluation e = evaluate(t);
      out.add(new Reward(t.id(), e.overall(), String.join(" ", e.explanations().values()), e.components()));
    }
    return out;
  }

  /** Estimated optimal step count over the actual one, at most 1; 0 without steps. */
  double efficiency(Trajectory t) {
    if (t.steps().isEmpty()) {
      return 0;
    }
    int optimal = Math.max(1, optimalSteps.applyAsInt(t));
    return Math.min(1.0, (double) optimal / t.steps().size());
  }

  /**
   * The share of failed tool calls followed later by a successful call of the same tool (or by a
   * successful end of the run); 1 when nothing failed, 0 without steps.
   */
  static double errorRecovery(Trajectory t) {
    List<TrajectoryStep> steps = t.steps();
    if (steps.isEmpty()) {
      return 0;
    }
    int failures = 0;
    int recovered = 0;
    for (int i = 0; i < steps.size(); i++) {
      TrajectoryStep s = steps.get(i);
      if (!(s.action() instanceof StepAction.UseTool use) || !s.toolFailed()) {
        continue;
      }
      failures++;
      boolean later = false;
      for (int j = i + 1; j < steps.size() && !later; j++) {
        TrajectoryStep next = steps.get(j);
        later = next.action() instanceof StepAction.UseTool u && u.tool().equals(use.tool()) && !next.toolFailed();
      }
      if (later || t.success()) {
        recovered++;
      }
    }
    return failures == 0 ? 1.0 : (double) recovered / failures;
  }

  /** The default optimal-step estimate: distinct successful tool calls plus one for the answer. */
  static int distinctSuccessfulCallsPlusAnswer(Trajectory t) {
    Set<String> seen = new HashSet<>();
    for (TrajectoryStep s : t.steps()) {
      if (s.action() instanceof StepAction.UseTool use && !s.toolFailed()) {
        seen.add(use.tool() + " " + use.input());
      }
    }
    return seen.size() + 1;
  }

  /** Builds a {@link PerformanceJudge}. */
  public static final class Builder {
    private final ChatModel model;
    private ScoringCriteria criteria = ScoringCriteria.defaults();
    private ToIntFunction<Trajectory> optimalSteps = PerformanceJudge::distinctSuccessfulCallsPlusAnswer;

    private Builder(ChatModel model) {
      this.model = requireNonNull(model, "model");
    }

    /** The weights; default {@link ScoringCriteria#defaults()}. */
    public Builder criteria(ScoringCriteria criteria) {
      this.criteria = requireNonNull(criteria, "criteria");
      return this;
    }

    /**
     * Estimates the optimal number of steps for a trajectory; default: its distinct successful tool
     * calls plus one for the answer.
     */
    public Builder optimalSteps(ToIntFunction<Trajectory> estimate) {
      this.optimalSteps = requireNonNull(estimate, "estimate");
      return this;
    }

    /** Builds the judge. */
    public PerformanceJudge build() {
      return new PerformanceJudge(this);
    }
  }

  /**
   * What {@link PerformanceJudge} found about one trajectory; every score is 0..1.
   *
   * @param trajectoryId the trajectory
   * @param taskCompletion from the LLM
   * @param solutionQuality from the LLM
   * @param toolUsage from the LLM
   * @param reasoning from the LLM (reasoning coherence)
   * @param efficiency computed: estimated optimal step count over the actual one
   * @param errorRecovery computed: the share of failed tool calls the run recovered from
   * @param overall the weighted score
   * @param explanations the LLM's explanation per component
   */
  public record PerformanceEvaluation(String trajectoryId, double taskCompletion, double solutionQuality,
      double toolUsage, double reasoning, double efficiency, double errorRecovery, double overall,
      Map<String, String> explanations) {

    public PerformanceEvaluation {
      requireNonNull(trajectoryId, "trajectoryId");
      explanations = Map.copyOf(explanations);
    }

    /** The scores by component name. */
    public Map<String, Double> components() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("task_completion", taskCompletion);
      m.put("solution_quality", solutionQuality);
      m.put("tool_usage", toolUsage);
      m.put("reasoning_coherence", reasoning);
      m.put("efficiency", efficiency);
      m.put("error_recovery", errorRecovery);
      return m;
    }
  }

  /**
   * How {@link PerformanceJudge} weighs its components. Weights must not be negative and must not all
   * be zero; they are normalised by their sum. The efficiency weight covers both the steps-versus-optimal
   * ratio and error recovery, half each.
   *
   * @param taskCompletion did the run reach its goal (LLM)
   * @param solutionQuality how good the result is (LLM)
   * @param efficiency steps against the estimated optimum, and recovery from errors (computed)
   * @param toolUsage whether the right tools were used well (LLM)
   * @param reasoning whether the reasoning was coherent (LLM)
   */
  public record ScoringCriteria(double taskCompletion, double solutionQuality, double efficiency, double toolUsage,
      double reasoning) {

    public ScoringCriteria {
      double[] all = {taskCompletion, solutionQuality, efficiency, toolUsage, reasoning};
      double sum = 0;
      for (double w : all) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("weights must be non-negative numbers: " + w);
        }
        sum += w;
      }
      if (sum == 0) {
        throw new IllegalArgumentException("at least one weight must be positive");
      }
    }

    /** 0.4 completion, 0.2 quality, 0.2 efficiency, 0.1 tool usage, 0.1 reasoning. */
    public static ScoringCriteria defaults() {
      return new ScoringCriteria(0.4, 0.2, 0.2, 0.1, 0.1);
    }

    double total() {
      return taskCompletion + solutionQuality + efficiency + toolUsage + reasoning;
    }
  }
}
