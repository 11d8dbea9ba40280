package dev.rustagent.core.workflow;

import dev.rustagent.tools.ToolContext.CancellationToken;
import static java.util.Objects.requireNonNull;
import java.util.List;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import org.jspecify.annotations.Nullable;
import java.util.Optional;

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

  /**
   * One observable step of a workflow.
   *
   * @param kind what sort of step it was
   * @param detail what happened, in words a person can read (a diagnostic, an explanation, a diff)
   */
  public record WorkflowStep(Kind kind, String detail) {
    public WorkflowStep {
      requireNonNull(kind, "kind");
      requireNonNull(detail, "detail");
    }

    /** The sorts of step. */
    public enum Kind {
      /** A check ran ({@code cargo check}, {@code cargo test}); the detail says the outcome. */
      CHECK,
      /** A compiler diagnostic was found. */
      DIAGNOSTIC,
      /** An explanation, from {@code rustc --explain} or from the model. */
      EXPLANATION,
      /** The model was asked to do something. */
      MODEL,
      /** A change was proposed; the detail is the diff. */
      PROPOSAL,
      /** The permission gate decided about a change or command. */
      PERMISSION,
      /** A change was applied. */
      APPLY,
      /** Anything else worth telling: a skipped step, a model answer that could not be used. */
      NOTE,
      /** Extra detail shown only when tracing (full compiler output, prompts). */
      TRACE
    }
  }

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

  /** How a workflow ended. */
  public enum WorkflowStatus {
    /** The goal was reached (for debugging: {@code cargo check} is clean). */
    SUCCEEDED,
    /** The round cap was reached with problems left. */
    UNRESOLVED,
    /** A step it needed was refused by the permission gate. */
    PERMISSION_DENIED,
    /** It was cancelled. */
    CANCELLED,
    /** It could not go on: a tool is missing, the model failed, a check could not run. */
    FAILED
  }

  /**
   * A problem a workflow met, and how it was fixed if it was.
   *
   * @param description the problem, e.g. {@code error[E0382]: borrow of moved value: `words` at src/main.rs:7:27}
   * @param resolution how it was fixed, or {@code null} while it is open
   */
  public record Problem(String description, @Nullable String resolution) {
    public Problem {
      requireNonNull(description, "description");
    }

    /** Whether it was fixed. */
    public boolean fixed() {
      return resolution != null;
    }

    /** How it was fixed, when it was. */
    public Optional<String> resolutionText() {
      return Optional.ofNullable(resolution);
    }
  }
}
