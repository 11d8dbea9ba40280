package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

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
