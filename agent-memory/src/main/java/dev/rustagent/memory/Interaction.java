package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One interaction to remember: what the user asked, what the agent answered, the context it worked in,
 * and whether it succeeded.
 *
 * @param sessionId the conversation this interaction belongs to
 * @param time when it happened
 * @param userMessage the user's message or task
 * @param agentResponse the agent's final answer
 * @param context extra context (workspace, tools used, errors); may be empty
 * @param success whether the run succeeded
 */
public record Interaction(
    String sessionId,
    Instant time,
    String userMessage,
    String agentResponse,
    String context,
    boolean success) {

  /** Validates all fields. */
  public Interaction {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(time, "time");
    requireNonNull(userMessage, "userMessage");
    requireNonNull(agentResponse, "agentResponse");
    requireNonNull(context, "context");
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId must not be blank");
    }
    if (sessionId.length() > 256) {
      throw new IllegalArgumentException("sessionId must be at most 256 characters");
    }
  }
}
