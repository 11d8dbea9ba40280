package dev.rustagent.art.judge;

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
