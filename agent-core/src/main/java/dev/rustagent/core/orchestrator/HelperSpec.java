package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Action;
import java.util.Set;

/**
 * What a helper agent is asked to do and with what.
 *
 * @param task the helper's task
 * @param context extra text for the helper's context (may be empty)
 * @param tools the names of the parent's tools the helper may use; empty means all of them
 * @param deniedActions actions refused to the helper on top of the parent's policy (it can only get
 *     narrower, never wider)
 */
public record HelperSpec(String task, String context, Set<String> tools, Set<Action> deniedActions) {
  public HelperSpec {
    requireNonNull(task, "task");
    if (task.isBlank()) {
      throw new IllegalArgumentException("a helper's task must not be blank");
    }
    requireNonNull(context, "context");
    tools = Set.copyOf(tools);
    deniedActions = Set.copyOf(deniedActions);
    if (deniedActions.contains(Action.READ)) {
      throw new IllegalArgumentException("a helper cannot work without READ");
    }
  }

  /** A helper for a task with all the parent's tools and its permissions. */
  public static HelperSpec of(String task) {
    return new HelperSpec(task, "", Set.of(), Set.of());
  }

  /** This spec with extra context. */
  public HelperSpec withContext(String text) {
    return new HelperSpec(task, text, tools, deniedActions);
  }

  /** This spec limited to these tools of the parent's. */
  public HelperSpec withTools(Set<String> names) {
    return new HelperSpec(task, context, names, deniedActions);
  }

  /** This spec with these actions refused. */
  public HelperSpec denying(Set<Action> actions) {
    return new HelperSpec(task, context, tools, actions);
  }
}
