package dev.rustagent.core;

import static java.util.Objects.requireNonNull;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import java.util.List;
import java.util.Set;
import dev.rustagent.core.PermissionPolicy.Permission;

/**
 * The host's callback for calls the {@link PermissionPolicy} marks {@link Permission#ASK}: a terminal
 * prompt, an IDE dialog, a chat button. It is called on the agent's thread and may block while a
 * human decides. An approver that throws counts as a refusal; the run goes on.
 */
@FunctionalInterface
public interface Approver {

  /** Returns whether the call may run. */
  boolean approve(ApprovalRequest request);

  /**
   * Approves every ordinary call, and refuses every call with {@linkplain ApprovalRequest#risks() risks}
   * (writes under {@code .git/} or to build-time code, git hooks): those need a human's explicit yes.
   * Only for trusted, sandboxed workspaces.
   */
  static Approver approveAll() {
    return request -> !request.isProtected();
  }

  /** Refuses everything. */
  static Approver denyAll() {
    return request -> false;
  }

  /**
   * A tool call waiting for a human's yes or no.
   *
   * @param tool the tool's name
   * @param actions what the call would do
   * @param arguments the validated arguments
   * @param description a readable account of the call; for file edits, the diff
   * @param risks what the call may do that no policy waves through (a write under {@code .git/} or to
   *     build-time code, hooks a git command runs), in words the model does not write; empty for an
   *     ordinary call. A call with risks needs a human's explicit yes: {@link Approver#approveAll()}
   *     refuses it.
   */
  public record ApprovalRequest(String tool, Set<Action> actions, ToolArguments arguments, String description,
      List<String> risks) {
    public ApprovalRequest {
      requireNonNull(tool, "tool");
      actions = Set.copyOf(actions);
      requireNonNull(arguments, "arguments");
      requireNonNull(description, "description");
      risks = List.copyOf(requireNonNull(risks, "risks"));
    }

    /** An ordinary request, without risks. */
    public ApprovalRequest(String tool, Set<Action> actions, ToolArguments arguments, String description) {
      this(tool, actions, arguments, description, List.of());
    }

    /** Whether the call touches a protected path or runs hooks, and so needs an explicit approval. */
    public boolean isProtected() {
      return !risks.isEmpty();
    }
  }
}
