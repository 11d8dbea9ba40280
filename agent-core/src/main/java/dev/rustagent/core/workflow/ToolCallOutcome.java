package dev.rustagent.core.workflow;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentStep;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolResult;
import java.util.List;

/**
 * The outcome of one tool call a workflow made through the agent's permission gate.
 *
 * @param decision the gate's decision, or {@code null} when the call did not reach the gate
 * @param result what the tool gave back (a failure when refused or broken)
 */
record ToolCallOutcome(String tool, AgentStep.PermissionDecision decision, ToolResult result) {

  /** Calls the tool by name through {@link Agent#callTool}. */
  static ToolCallOutcome call(Agent agent, String tool, String argumentsJson, CancellationToken cancellation) {
    List<AgentStep> steps = agent.callTool(tool, argumentsJson, cancellation);
    AgentStep.PermissionDecision decision = null;
    ToolResult result = ToolResult.failure("tool '" + tool + "' gave no result");
    for (AgentStep step : steps) {
      if (step instanceof AgentStep.PermissionDecision d) {
        decision = d;
      } else if (step instanceof AgentStep.ToolOutcome o) {
        result = o.result();
      }
    }
    return new ToolCallOutcome(tool, decision, result);
  }

  /** Whether the agent has a tool of that name. */
  static boolean available(Agent agent, String tool) {
    return agent.tools().stream().map(Tool::name).anyMatch(tool::equals);
  }

  boolean refused() {
    return decision != null && !decision.allowed();
  }

  /** The gate's decision in words, for a PERMISSION step. */
  String decisionText() {
    if (decision == null) {
      return tool + ": not asked (the call was rejected before the gate)";
    }
    return tool + " " + decision.actions() + ": " + (decision.allowed() ? "allowed" : "refused") + " ("
        + decision.reason() + ")";
  }
}
