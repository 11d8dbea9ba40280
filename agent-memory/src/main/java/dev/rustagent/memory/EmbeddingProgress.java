package dev.rustagent.memory;

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
