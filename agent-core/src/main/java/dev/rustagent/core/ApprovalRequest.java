package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Action;
import dev.rustagent.tools.ToolArguments;
import java.util.Set;

/**
 * A tool call waiting for a human's yes or no.
 *
 * @param tool the tool's name
 * @param actions what the call would do
 * @param arguments the validated arguments
 * @param description a readable account of the call; for file edits, the diff
 */
public record ApprovalRequest(String tool, Set<Action> actions, ToolArguments arguments, String description) {
  public ApprovalRequest {
    requireNonNull(tool, "tool");
    actions = Set.copyOf(actions);
    requireNonNull(arguments, "arguments");
    requireNonNull(description, "description");
  }
}
