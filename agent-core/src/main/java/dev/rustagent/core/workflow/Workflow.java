package dev.rustagent.core.workflow;

import dev.rustagent.tools.CancellationToken;

/**
 * A multi-step job an agent does for the host: debugging, code generation, refactoring, learning.
 * A workflow never throws for what happens while it runs: refusals, failures, caps and cancellation
 * are in the {@link WorkflowResult}. Implementations are immutable and may run several times.
 */
public interface Workflow {

  /** A short name such as {@code debug}, used in results and logs. */
  String name();

  /**
   * Runs the workflow.
   *
   * @param listener receives each step as it happens, on the workflow's thread
   * @param cancellation stops the workflow between steps and stops a running tool
   */
  WorkflowResult run(WorkflowListener listener, CancellationToken cancellation);

  /** Runs the workflow without a listener and without cancellation. */
  default WorkflowResult run() {
    return run(WorkflowListener.NONE, CancellationToken.create());
  }
}
