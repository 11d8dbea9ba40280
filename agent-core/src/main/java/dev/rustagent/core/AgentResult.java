package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one run: the final answer, how the run ended, every step in order, the tokens used
 * over all model calls, and how long each model call and the whole run took.
 *
 * @param runId unique id of the run
 * @param task what the run was asked to do
 * @param answer the model's final text; empty when the run ended without one
 * @param status how the run ended
 * @param failure why the run failed or ran out of time, or {@code null} unless {@code status} is FAILED or
 *     TIMED_OUT
 * @param steps the steps in the order they happened
 * @param tokenUsage tokens summed over every model call of the run; a {@link CacheAwareTokenUsage} when
 *     the run made it, with prompt-cache writes and reads apart (see {@link #usage()})
 * @param modelLatencies the latency of each model call, in order (retries included)
 * @param totalLatency the whole run's wall time
 * @param iterations the number of model turns
 * @param patternsUsed the recalled items (patterns, past runs, commands, concepts) that context
 *     providers put into this run's context, most relevant first
 */
public record AgentResult(String runId, String task, String answer, AgentStatus status, @Nullable Throwable failure,
    List<AgentStep> steps, TokenUsage tokenUsage, List<Duration> modelLatencies, Duration totalLatency,
    int iterations, List<RecalledItem> patternsUsed) {

  public AgentResult {
    requireNonNull(runId, "runId");
    requireNonNull(task, "task");
    requireNonNull(answer, "answer");
    requireNonNull(status, "status");
    steps = List.copyOf(steps);
    requireNonNull(tokenUsage, "tokenUsage");
    modelLatencies = List.copyOf(modelLatencies);
    requireNonNull(totalLatency, "totalLatency");
    patternsUsed = List.copyOf(patternsUsed);
  }

  /** A result with nothing recalled into its context. */
  public AgentResult(String runId, String task, String answer, AgentStatus status, Throwable failure,
      List<AgentStep> steps, TokenUsage tokenUsage, List<Duration> modelLatencies, Duration totalLatency,
      int iterations) {
    this(runId, task, answer, status, failure, steps, tokenUsage, modelLatencies, totalLatency, iterations,
        List.of());
  }

  /**
   * How much to trust the answer, in 0..1, computed from the run's own evidence. It is 0 unless the run
   * {@linkplain #isSuccess() completed}. Otherwise it is the mean of the signals the run has: the share
   * of its tool calls that succeeded (when it made any), and the relevance-weighted mean outcome of the
   * recalled items whose earlier outcome is known (past runs' rewards, patterns' success rates). A
   * completed run with neither signal scores 0.5: it answered, but nothing backs the answer.
   */
  public double confidence() {
    if (!isSuccess()) {
      return 0;
    }
    double sum = 0;
    int signals = 0;
    List<AgentStep.ToolOutcome> outcomes = steps(AgentStep.ToolOutcome.class);
    if (!outcomes.isEmpty()) {
      long ok = outcomes.stream().filter(o -> !o.result().isError()).count();
      sum += (double) ok / outcomes.size();
      signals++;
    }
    double weight = 0;
    double weighted = 0;
    for (RecalledItem item : patternsUsed) {
      if (item.outcome() != null) {
        double w = Math.max(item.relevance(), 1e-3);
        weight += w;
        weighted += w * item.outcome();
      }
    }
    if (weight > 0) {
      sum += weighted / weight;
      signals++;
    }
    return signals == 0 ? 0.5 : sum / signals;
  }

  /** The run's tokens with prompt-cache writes and reads apart (none when the model reported none). */
  public CacheAwareTokenUsage usage() {
    return CacheAwareTokenUsage.of(tokenUsage);
  }

  /** Why the run failed, when it did. */
  public Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  /** Whether the run ended with a final answer and no refused call. */
  public boolean isSuccess() {
    return status == AgentStatus.COMPLETED;
  }

  /** The steps of one kind, in order. */
  public <T extends AgentStep> List<T> steps(Class<T> kind) {
    return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The permission decisions that refused a call. */
  public List<AgentStep.PermissionDecision> denials() {
    return steps(AgentStep.PermissionDecision.class).stream().filter(d -> !d.allowed()).toList();
  }
}
