package dev.rustagent.memory;

/** The tool a {@link ToolCommand} belongs to. */
public enum CommandTool {
  /** git */
  GIT,
  /** Linux shell utilities */
  LINUX,
  /** the GitHub CLI */
  GH
}
