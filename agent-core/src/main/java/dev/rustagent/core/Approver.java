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
}
