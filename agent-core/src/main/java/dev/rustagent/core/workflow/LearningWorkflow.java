package dev.rustagent.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolRegistry;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;

/**
 * Explains a Rust concept or error code at a chosen depth: {@code rustc --explain} for error codes,
 * then the model, asked without tools. Each explanation is handed to a {@link ConceptRecorder} (memory
 * records it as a concept learned). The result's summary is the explanation.
 */
public final class LearningWorkflow implements Workflow {
  private static final Logger log = LoggerFactory.getLogger(LearningWorkflow.class);
  /** The workflow's name in results. */
  public static final String NAME = "explain";

  /** How deep the explanation goes. */
  public enum Level {
    BEGINNER, INTERMEDIATE, EXPERT;

    /** The level for {@code beginner}, {@code intermediate} or {@code expert}. */
    public static Level parse(String text) {
      requireNonNull(text, "text");
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("level must be beginner, intermediate or expert: " + text);
      }
    }
  }

  /** Receives each explanation given; memory implements it to record concepts learned. */
  @FunctionalInterface
  public interface ConceptRecorder {
    /** Records that {@code concept} was explained at {@code level}. */
    void record(String concept, Level level, String explanation);
  }

  private final Agent explainer;
  private final Agent agent;
  private final String concept;
  private final Level level;
  private final ConceptRecorder recorder;

  private LearningWorkflow(Agent agent, String concept, Level level, ConceptRecorder recorder) {
    this.agent = agent;
    this.explainer = agent.toBuilder().tools(ToolRegistry.empty()).maxIterations(2).build();
    this.concept = concept;
    this.level = level;
    this.recorder = recorder;
  }

  /**
   * An explanation of {@code concept} at {@code level}, recorded with {@code recorder}.
   *
   * @throws IllegalArgumentException when the concept is blank
   */
  public static LearningWorkflow of(Agent agent, String concept, Level level, ConceptRecorder recorder) {
    requireNonNull(agent, "agent");
    requireNonNull(concept, "concept");
    requireNonNull(level, "level");
    requireNonNull(recorder, "recorder");
    if (concept.isBlank()) {
      throw new IllegalArgumentException("concept must not be blank");
    }
    return new LearningWorkflow(agent, concept.strip(), level, recorder);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WorkflowResult run(WorkflowListener listener, CancellationToken cancellation) {
    Recorder rec = new Recorder(NAME, listener);
    String reference = "";
    if (concept.matches("E\\d{4}") && DebuggingWorkflow.hasTool(agent, DebuggingWorkflow.EXPLAIN_TOOL)) {
      ToolCallResult explained = agent.callTool(DebuggingWorkflow.EXPLAIN_TOOL, Map.of("code", concept), cancellation);
      if (!explained.result().isError()) {
        reference = explained.result().text().strip();
        rec.step(WorkflowStep.Kind.EXPLANATION, "rustc --explain " + concept + ": "
            + DebuggingWorkflow.abbreviate(reference, 500));
      }
    }
    String prompt = "Explain the Rust concept `" + concept + "` to a " + level.name().toLowerCase(Locale.ROOT)
        + " Rust programmer. " + switch (level) {
          case BEGINNER -> "Use plain words, one small example, and no jargon without explaining it.";
          case INTERMEDIATE -> "Show a realistic example and the usual mistakes.";
          case EXPERT -> "Cover the precise rules, edge cases and how the compiler reasons about it.";
        } + (reference.isEmpty() ? "" : "\n\nThe compiler's reference text:\n" + DebuggingWorkflow.abbreviate(reference, 4000));
    rec.step(WorkflowStep.Kind.MODEL, "asking the model to explain " + concept + " at " + level + " level");
    AgentResult answer = explainer.run(prompt, StreamingHandler.NONE, cancellation);
    if (answer.status() == AgentStatus.CANCELLED) {
      return rec.result(WorkflowStatus.CANCELLED, "Cancelled.", 1);
    }
    if (answer.status() != AgentStatus.COMPLETED || answer.answer().isBlank()) {
      return rec.result(WorkflowStatus.FAILED, "The model gave no explanation: "
          + answer.failureCause().map(Throwable::getMessage).orElse(answer.status().toString()), 1);
    }
    rec.step(WorkflowStep.Kind.EXPLANATION, answer.answer());
    try {
      recorder.record(concept, level, answer.answer());
      rec.step(WorkflowStep.Kind.NOTE, "recorded '" + concept + "' as a concept learned (" + level + ")");
    } catch (RuntimeException e) {
      log.warn("recording the concept {} failed", concept, e);
      rec.step(WorkflowStep.Kind.NOTE, "could not record the concept: " + e.getMessage());
    }
    return rec.result(WorkflowStatus.SUCCEEDED, answer.answer(), 1);
  }
}
