package dev.rustagent.core.orchestrator;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentResult;
import java.util.Optional;

/**
 * What a helper gave its parent.
 *
 * @param helperId the helper's id
 * @param status how it ended (COMPLETED, FAILED or CANCELLED)
 * @param answer the helper's final answer, or empty
 * @param reason why it failed or was cancelled, or empty when it completed
 * @param run the helper's agent result, or {@code null} when it never ran or was stopped by a timeout
 */
public record HelperResult(String helperId, HelperStatus status, String answer, String reason, @Nullable AgentResult run) {
  public HelperResult {
    requireNonNull(helperId, "helperId");
    requireNonNull(status, "status");
    requireNonNull(answer, "answer");
    requireNonNull(reason, "reason");
  }

  /** The helper's agent result, when it ran to an end. */
  public Optional<AgentResult> agentResult() {
    return Optional.ofNullable(run);
  }
}
