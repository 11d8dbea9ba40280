package dev.rustagent.memory;

import java.util.List;

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
}
