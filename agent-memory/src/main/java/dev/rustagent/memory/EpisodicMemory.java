package dev.rustagent.memory;

import java.util.List;
import static java.util.Objects.requireNonNull;
import java.time.Instant;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

/**
 * Past interactions, by session and by similarity. Implementations are safe for concurrent use; an
 * interaction is durable once {@link #record(Interaction)} returns.
 */
public interface EpisodicMemory {

  /**
   * Stores an interaction (and its embedding, when an embedding model is configured).
   *
   * @param interaction what happened
   * @return the stored episode with its id
   * @throws MemoryException if the store fails
   */
  Episode record(Interaction interaction);

  /**
   * Stores several interactions in one transaction (one durable write): much faster than one
   * {@link #record} each when many arrive at once. All are stored or none.
   *
   * @param interactions what happened, in order
   * @return the stored episodes, in the same order
   * @throws MemoryException if the store fails
   */
  List<Episode> recordAll(List<Interaction> interactions);

  /**
   * @param sessionId a session id
   * @param limit the most episodes to return, at least 1
   * @return the session's most recent episodes, newest first
   */
  List<Episode> recent(String sessionId, int limit);

  /**
   * @param sessionId a session id
   * @return all episodes of the session, oldest first
   */
  List<Episode> session(String sessionId);

  /** @return the ids of all sessions with at least one episode, in first-seen order */
  List<String> sessions();

  /**
   * Episodes whose user message is most similar to the query (hybrid recall).
   *
   * @param query the text to compare with, e.g. a new task
   * @param limit the most episodes to return, at least 1
   * @return best first
   */
  default List<Scored<Episode>> similar(String query, int limit) {
    return similar(query, limit, RecallMode.HYBRID);
  }

  /**
   * @param query the text to compare with
   * @param limit the most episodes to return, at least 1
   * @param mode how to rank
   * @return best first
   */
  List<Scored<Episode>> similar(String query, int limit, RecallMode mode);

  /** @return how many episodes are stored */
  long count();

  /**
   * A stored interaction and its id in the store.
   *
   * @param id the store's id, unique within one memory
   * @param interaction what was stored
   */
  public record Episode(long id, Interaction interaction) {

    /** Validates the interaction. */
    public Episode {
      requireNonNull(interaction, "interaction");
    }
  }

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

  /**
   * How much a JSON export wrote or an import added.
   *
   * @param episodes interactions
   * @param semanticItems semantic-memory items
   * @param patterns code patterns
   * @param commands tool commands
   * @param metricSamples learning-metrics samples
   */
  public record ArchiveSummary(int episodes, int semanticItems, int patterns, int commands, int metricSamples) {}
}
