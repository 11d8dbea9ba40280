package dev.rustagent.core;

/** What the permission gate says about a tool call. When rules disagree, DENY beats ASK beats ALLOW. */
public enum Permission {
  /** The call runs. */
  ALLOW,
  /** The host's {@link Approver} decides; with no approver the call is refused. */
  ASK,
  /** The call is refused. */
  DENY;

  /** The stricter of the two. */
  public Permission strictest(Permission other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
