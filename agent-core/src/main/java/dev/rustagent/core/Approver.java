package dev.rustagent.core;

/**
 * The host's callback for calls the {@link PermissionPolicy} marks {@link Permission#ASK}: a terminal
 * prompt, an IDE dialog, a chat button. It is called on the agent's thread and may block while a
 * human decides. An approver that throws counts as a refusal; the run goes on.
 */
@FunctionalInterface
public interface Approver {

  /** Returns whether the call may run. */
  boolean approve(ApprovalRequest request);

  /** Approves everything. Only for trusted, sandboxed workspaces. */
  static Approver approveAll() {
    return request -> true;
  }

  /** Refuses everything. */
  static Approver denyAll() {
    return request -> false;
  }
}
