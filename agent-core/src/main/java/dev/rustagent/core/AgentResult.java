package dev.rustagent.core;

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
 */
public record AgentResult(String runId, String task, String answer, AgentStatus status, Throwable failure,
    List<AgentStep> steps, TokenUsage tokenUsage, List<Duration> modelLatencies, Duration totalLatency,
    int iterations) {

  public AgentResult {
    requireNonNull(runId, "runId");
    requireNonNull(task, "task");
    requireNonNull(answer, "answer");
    requireNonNull(status, "status");
    steps = List.copyOf(steps);
    requireNonNull(tokenUsage, "tokenUsage");
    modelLatencies = List.copyOf(modelLatencies);
    requireNonNull(totalLatency, "totalLatency");
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
