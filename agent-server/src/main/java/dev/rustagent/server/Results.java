package dev.rustagent.server;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentStep;
import java.util.List;

/**
 * The one place that reads the patterns used and the confidence of a run from its {@link AgentResult}
 * for the API's {@code patterns_used} and {@code confidence}.
 */
final class Results {
  private Results() {}

  /** The names of the recalled patterns that went into the run's context. */
  static List<String> patternsUsed(AgentResult result) {
    return List.of();
  }

  /**
   * A number in 0..1: 0 for a run that did not complete, else the share of its tool calls that
   * succeeded (1 when it called none).
   */
  static double confidence(AgentResult result) {
    if (!result.isSuccess()) {
      return 0;
    }
    List<AgentStep.ToolOutcome> outcomes = result.steps(AgentStep.ToolOutcome.class);
    if (outcomes.isEmpty()) {
      return 1;
    }
    long ok = outcomes.stream().filter(o -> o.result() instanceof dev.rustagent.tools.ToolResult.Success).count();
    return (double) ok / outcomes.size();
  }
}
