package dev.rustagent.art;

import java.util.List;

/**
 * Facts about a run that judges, rewards and exports use.
 *
 * @param model the chat model's name, or empty when unknown
 * @param totalTokens input plus output tokens over the run
 * @param cost the run's cost in the configured currency (0 when no price was configured)
 * @param toolsUsed the distinct tools called, in first-use order
 * @param errorCount failed tool calls plus one when the run itself failed
 * @param efficiency the share of steps that moved the run forward (successful tool calls and the answer), 0..1
 * @param status how the run ended (an {@code AgentStatus} name)
 */
public record TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
    double efficiency, String status) {

  public TrajectoryMetadata {
    model = model == null ? "" : model;
    toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
    status = status == null ? "" : status;
    if (totalTokens < 0 || cost < 0 || errorCount < 0) {
      throw new IllegalArgumentException("tokens, cost and error count must not be negative");
    }
    if (!(efficiency >= 0 && efficiency <= 1)) {
      throw new IllegalArgumentException("efficiency must be within 0..1: " + efficiency);
    }
  }

  /** Metadata with nothing known. */
  public static TrajectoryMetadata empty() {
    return new TrajectoryMetadata("", 0, 0, List.of(), 0, 0, "");
  }
}
