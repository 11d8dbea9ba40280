package dev.rustagent.core.workflow;

import static java.util.Objects.requireNonNull;

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
