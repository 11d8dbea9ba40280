package dev.rustagent.core.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a workflow did.
 *
 * @param workflow the workflow's name
 * @param status how it ended
 * @param summary one or two sentences on the outcome
 * @param steps every step in order
 * @param problems the problems met, each with how it was fixed or still open
 * @param rounds how many rounds of check-and-fix (or generate-and-check) ran
 */
public record WorkflowResult(String workflow, WorkflowStatus status, String summary, List<WorkflowStep> steps,
    List<Problem> problems, int rounds) {
  public WorkflowResult {
    requireNonNull(workflow, "workflow");
    requireNonNull(status, "status");
    requireNonNull(summary, "summary");
    steps = List.copyOf(steps);
    problems = List.copyOf(problems);
  }

  /** Whether the goal was reached. */
  public boolean succeeded() {
    return status == WorkflowStatus.SUCCEEDED;
  }

  /** The steps of one kind, in order. */
  public List<WorkflowStep> steps(WorkflowStep.Kind kind) {
    return steps.stream().filter(s -> s.kind() == kind).toList();
  }

  /** The problems fixed. */
  public List<Problem> fixedProblems() {
    return problems.stream().filter(Problem::fixed).toList();
  }

  /** The problems still open. */
  public List<Problem> openProblems() {
    return problems.stream().filter(p -> !p.fixed()).toList();
  }
}
