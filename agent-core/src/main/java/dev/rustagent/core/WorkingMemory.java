package dev.rustagent.core;

import java.util.List;

/**
 * What a session keeps in mind between turns: the current task, the files in focus, the compiler and
 * test problems still open, and the actions proposed but not approved. Shown to the model at the start
 * of each turn of an {@link AgentSession}.
 *
 * @param currentTask the latest task, or an empty string before the first turn
 * @param filesInFocus paths the recent tool calls touched, most recent last
 * @param activeErrors problems reported by the latest diagnostics of each tool
 * @param pendingActions calls that were refused and may be approved later
 */
public record WorkingMemory(String currentTask, List<String> filesInFocus, List<String> activeErrors,
    List<String> pendingActions) {

  public WorkingMemory {
    currentTask = currentTask == null ? "" : currentTask;
    filesInFocus = List.copyOf(filesInFocus);
    activeErrors = List.copyOf(activeErrors);
    pendingActions = List.copyOf(pendingActions);
  }

  /** An empty working memory. */
  public static WorkingMemory empty() {
    return new WorkingMemory("", List.of(), List.of(), List.of());
  }

  /** Whether there is nothing to show. */
  public boolean isEmpty() {
    return currentTask.isEmpty() && filesInFocus.isEmpty() && activeErrors.isEmpty() && pendingActions.isEmpty();
  }

  /** A copy without the active problems. */
  public WorkingMemory withoutErrors() {
    return new WorkingMemory(currentTask, filesInFocus, List.of(), pendingActions);
  }

  /** The working memory as text for the model. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!currentTask.isEmpty()) {
      out.append("Current task: ").append(currentTask).append('\n');
    }
    section(out, "Files in focus", filesInFocus);
    section(out, "Active compiler and test problems", activeErrors);
    section(out, "Actions proposed but not approved", pendingActions);
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<String> items) {
    if (!items.isEmpty()) {
      out.append(title).append(":\n");
      items.forEach(item -> out.append("- ").append(item).append('\n'));
    }
  }
}
