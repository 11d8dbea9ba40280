package dev.rustagent.core.workflow;

/**
 * Receives a workflow's steps as they happen. Does nothing by default; a listener that throws is
 * logged and does not stop the workflow.
 */
@FunctionalInterface
public interface WorkflowListener {

  /** A listener that ignores everything. */
  WorkflowListener NONE = step -> {};

  /** One step happened. */
  void onStep(WorkflowStep step);
}
