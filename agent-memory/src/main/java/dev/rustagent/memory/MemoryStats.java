package dev.rustagent.memory;

/**
 * What a memory holds.
 *
 * @param episodes stored interactions
 * @param sessions distinct sessions
 * @param semanticItems semantic-memory items
 * @param patterns knowledge-base patterns
 * @param commands knowledge-base commands
 * @param metricSamples learning-metrics samples
 * @param embeddingModel the embedding model's name, or "none (keyword recall)"
 * @param embeddingDimension the vectors' dimension, 0 without a model
 * @param schemaVersion the database schema version
 */
public record MemoryStats(
    long episodes,
    long sessions,
    long semanticItems,
    long patterns,
    long commands,
    long metricSamples,
    String embeddingModel,
    int embeddingDimension,
    int schemaVersion) {

  /**
   * Told how far an opening memory has got in embedding stored items that have no vector yet (items
   * written without an embedding model, or before the model changed). Called on the opening thread after
   * each batch; a command-line host draws a progress bar from it.
   */
  @FunctionalInterface
  public interface EmbeddingProgress {

    /** Tells nothing. */
    EmbeddingProgress NONE = (what, done, total) -> {};

    /**
     * @param what the kind of item: {@code episodes}, {@code memories}, {@code patterns} or
     *     {@code commands}
     * @param done how many of them are embedded so far
     * @param total how many of them needed embedding
     */
    void embedded(String what, int done, int total);
  }
}
