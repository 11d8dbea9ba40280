package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Action;
import dev.rustagent.tools.ToolResult;
import java.time.Duration;
import java.util.Set;

/** One observable step of a run, in the order it happened. */
public sealed interface AgentStep
    permits AgentStep.Thought, AgentStep.ToolCall, AgentStep.PermissionDecision, AgentStep.ToolOutcome {

  /** Text the model wrote alongside its tool calls: its reasoning before acting. */
  record Thought(String text) implements AgentStep {
    public Thought {
      requireNonNull(text, "text");
    }
  }

  /** A tool call the model asked for, with its raw arguments. */
  record ToolCall(String id, String tool, String arguments) implements AgentStep {
    public ToolCall {
      requireNonNull(id, "id");
      requireNonNull(tool, "tool");
      requireNonNull(arguments, "arguments");
    }
  }

  /**
   * What the permission gate decided about a call.
   *
   * @param permission what the policy said
   * @param allowed whether the call ran (after the approver, for {@link Permission#ASK})
   * @param reason why, in words
   */
  record PermissionDecision(String callId, String tool, Set<Action> actions, Permission permission,
      boolean allowed, String reason) implements AgentStep {
    public PermissionDecision {
      requireNonNull(callId, "callId");
      requireNonNull(tool, "tool");
      actions = Set.copyOf(actions);
      requireNonNull(permission, "permission");
      requireNonNull(reason, "reason");
    }
  }

  /** The result a call gave back to the model (a failure for refused, unknown or broken calls). */
  record ToolOutcome(String callId, String tool, ToolResult result, Duration duration) implements AgentStep {
    public ToolOutcome {
      requireNonNull(callId, "callId");
      requireNonNull(tool, "tool");
      requireNonNull(result, "result");
      requireNonNull(duration, "duration");
    }
  }
}
