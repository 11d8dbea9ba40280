package dev.rustagent.core.workflow;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentStep;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.CargoReport;
import java.util.List;
import java.util.Optional;

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

  /**
   * Why a tool the workflow needs is not there: cargo missing on this machine is said as such, not
   * as advice about registering tools.
   */
  static String missing(Agent agent, String tool) {
    return agent.unavailableReason(tool).map(reason -> "The '" + tool + "' tool cannot run: " + reason + ".")
        .orElse("The agent has no '" + tool + "' tool; register the built-in tools.");
  }

  /**
   * Cargo's own error when this cargo call failed with no compiler error to fix (the toolchain could
   * not start, a malformed manifest, a build script that panicked or hung): such a run checked nothing.
   */
  Optional<String> cargoFailure() {
    if (result.payload() instanceof CargoReport report) {
      return report.cargoFailure();
    }
    if (!result.isError()) {
      return Optional.empty();
    }
    boolean explained = Diagnostic.fromPayload(result.payload())
        .map(list -> list.stream().anyMatch(Diagnostic::isError)).orElse(false);
    return explained ? Optional.empty() : Optional.of(result.text());
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
