package dev.rustagent.tools;

/**
 * What a single tool call does to the world. The permission gate decides per action whether a call
 * may run, must be approved, or is refused; a call may perform several actions at once.
 */
public enum Action {
  /** Reads the workspace or the toolchain without changing anything. */
  READ,
  /** Creates, changes or deletes files in the workspace. */
  MODIFY_CODE,
  /** Runs a program (cargo, a shell command, ...). */
  RUN_COMMAND,
  /** Writes to git: commits, checkouts, stashes, branch changes, applied patches. */
  GIT_WRITE,
  /** Talks to a host other than this machine (crates.io, GitHub). */
  NETWORK
}
