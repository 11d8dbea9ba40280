package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A command-line recipe in the knowledge base.
 *
 * @param id the store's id (0 for a command not yet stored)
 * @param tool git, Linux or gh
 * @param command the command, e.g. {@code git log --oneline -n 20}
 * @param description what it does
 * @param examples example invocations
 * @param useCount how often the agent used it
 */
public record ToolCommand(
    long id, CommandTool tool, String command, String description, List<String> examples, int useCount) {

  /** Validates and copies the fields. */
  public ToolCommand {
    requireNonNull(tool, "tool");
    requireNonNull(command, "command");
    requireNonNull(description, "description");
    examples = List.copyOf(requireNonNull(examples, "examples"));
    if (useCount < 0) {
      throw new IllegalArgumentException("useCount must not be negative");
    }
  }
}
