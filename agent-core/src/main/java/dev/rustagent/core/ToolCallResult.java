package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.ToolResult;
import java.util.List;
import java.util.Optional;
import dev.rustagent.core.AgentResult.AgentStep;

/**
 * What one host tool call ({@link Agent#callTool}) came to: the gate's decision, the tool's result and
 * every step in order.
 *
 * @param tool the tool's name as called
 * @param decision the gate's decision, or {@code null} when the call was rejected before the gate
 *     (unknown tool, bad arguments)
 * @param result what the tool gave back; a failure when refused, unknown or broken
 * @param steps the call's steps in order: ToolCall, PermissionDecision (when the call reached the
 *     gate) and ToolOutcome
 */
public record ToolCallResult(String tool, AgentStep.@Nullable PermissionDecision decision, ToolResult result,
    List<AgentStep> steps) {

  /** Checks the parts. */
  public ToolCallResult {
    requireNonNull(tool, "tool");
    requireNonNull(result, "result");
    steps = List.copyOf(requireNonNull(steps, "steps"));
  }

  /** Collects the result from a call's steps. */
  static ToolCallResult of(String tool, List<AgentStep> steps) {
    AgentStep.PermissionDecision decision = null;
    ToolResult result = ToolResult.failure("tool '" + tool + "' gave no result");
    for (AgentStep step : steps) {
      if (step instanceof AgentStep.PermissionDecision d) {
        decision = d;
      } else if (step instanceof AgentStep.ToolOutcome o) {
        result = o.result();
      }
    }
    return new ToolCallResult(tool, decision, result, steps);
  }

  /** The gate's decision, empty when the call was rejected before the gate. */
  public Optional<AgentStep.PermissionDecision> permission() {
    return Optional.ofNullable(decision);
  }

  /** Whether the gate (or the approver) refused the call. */
  public boolean refused() {
    return decision != null && !decision.allowed();
  }

  /** Whether the tool ran and reported success. */
  public boolean succeeded() {
    return !refused() && !result.isError();
  }

  /** The problems the tool reported (compiler diagnostics, failed tests), when its payload has them. */
  public Optional<ProblemReport> problems() {
    return result.payload() instanceof ProblemReport report ? Optional.of(report) : Optional.empty();
  }

  /** The gate's decision in words, for a log or a workflow step. */
  public String decisionText() {
    if (decision == null) {
      return tool + ": not asked (the call was rejected before the gate)";
    }
    return tool + " " + decision.actions() + ": " + (decision.allowed() ? "allowed" : "refused") + " ("
        + decision.reason() + ")";
  }
}
