package dev.rustagent.core.orchestrator.internal;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;
import dev.rustagent.core.orchestrator.internal.QualityCase;
import dev.rustagent.core.orchestrator.internal.QualityEvaluator;

/**
 * The outcome of a {@link QualityEvaluator} run. A rate is empty when no case of its kind ran.
 *
 * @param outcomes one per case, in order
 */
public record QualityReport(List<Outcome> outcomes) {
  public QualityReport {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * How one case went.
   *
   * @param compiled whether the crate built after the run ({@code null} for answer cases)
   * @param testsPassed whether cargo test passed ({@code null} unless a tests case)
   * @param detail why it failed, or what matched
   */
  public record Outcome(QualityCase testCase, boolean passed, @Nullable Boolean compiled, @Nullable Boolean testsPassed, String detail) {
    public Outcome {
      requireNonNull(testCase, "testCase");
      requireNonNull(detail, "detail");
    }
  }

  /** Passed answer cases over answer cases. */
  public OptionalDouble accuracy() {
    return rate(outcomes.stream().filter(o -> o.testCase() instanceof QualityCase.AnswerMatches)
        .map(Outcome::passed).toList());
  }

  /** Cases whose code built over cases that needed building. */
  public OptionalDouble compileRate() {
    return rate(outcomes.stream().filter(o -> o.compiled() != null).map(Outcome::compiled).toList());
  }

  /** Cases whose tests passed over tests cases. */
  public OptionalDouble testPassRate() {
    return rate(outcomes.stream().filter(o -> o.testsPassed() != null).map(Outcome::testsPassed).toList());
  }

  private static OptionalDouble rate(List<Boolean> results) {
    if (results.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(results.stream().filter(b -> b).count() / (double) results.size());
  }
}
