package dev.rustagent.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.util.List;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;

/**
 * Refactors a target (a function, module or file) towards a pattern, keeping behaviour: the agent
 * changes the code with its tools behind the permission gate, then {@code cargo check} and
 * {@code cargo test} must pass; failures are fed back until they do or the round cap is reached.
 */
public final class RefactoringWorkflow implements Workflow {
  /** The workflow's name in results. */
  public static final String NAME = "refactor";

  private final Agent agent;
  private final String target;
  private final String pattern;
  private final int maxRounds;

  private RefactoringWorkflow(Agent agent, String target, String pattern, int maxRounds) {
    this.agent = agent;
    this.target = target;
    this.pattern = pattern;
    this.maxRounds = maxRounds;
  }

  /**
   * A refactoring of {@code target} towards {@code pattern} (e.g. "builder", "iterator chain",
   * "error enum with thiserror-style Display").
   *
   * @param maxRounds rounds per check before giving up, 1 to 20
   */
  public static RefactoringWorkflow of(Agent agent, String target, String pattern, int maxRounds) {
    requireNonNull(agent, "agent");
    requireNonNull(target, "target");
    requireNonNull(pattern, "pattern");
    if (target.isBlank() || pattern.isBlank()) {
      throw new IllegalArgumentException("target and pattern must not be blank");
    }
    if (maxRounds < 1 || maxRounds > 20) {
      throw new IllegalArgumentException("max rounds must be between 1 and 20: " + maxRounds);
    }
    return new RefactoringWorkflow(agent, target.strip(), pattern.strip(), maxRounds);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WorkflowResult run(WorkflowListener listener, CancellationToken cancellation) {
    String prompt = "Refactor `" + target + "` to use the " + pattern + " pattern. Keep its behaviour and public"
        + " signature unless the pattern needs a change; update the callers. Make the changes with your tools.";
    return CheckedTask.run(agent, NAME, List.of(new CheckedTask.Stage("refactor", prompt, "check"),
        new CheckedTask.Stage("tests still pass", "Make sure the tests pass after refactoring `" + target
            + "`; change only what the refactoring broke.", "test")), maxRounds, listener, cancellation);
  }
}
