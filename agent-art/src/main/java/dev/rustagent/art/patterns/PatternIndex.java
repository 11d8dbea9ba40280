package dev.rustagent.art.patterns;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.memory.SemanticMemory;
import java.util.List;

/**
 * Finds stored texts by similarity to a query. Implementations are thread-safe.
 *
 * <p>{@link #semantic(SemanticMemory)} keeps patterns in agent-memory's semantic memory (hybrid
 * embedding and keyword search, persistent with an H2 memory); {@link #keywords()} needs nothing
 * (word-frequency cosine, in memory); {@link #embeddings(EmbeddingModel)} compares meaning through any
 * LangChain4j embedding model, in memory.
 */
public interface PatternIndex {

  /** Stores (or replaces) the text under an id. */
  void put(String id, String text);

  /** Removes an id; nothing happens when it is not stored. */
  void remove(String id);

  /** The ids most similar to {@code text}, best first, at most {@code limit}. Scores are 0..1. */
  List<Hit> search(String text, int limit);

  /** An index in agent-memory's semantic memory (items of {@code kind=success-pattern}). */
  static PatternIndex semantic(SemanticMemory memory) {
    return new SemanticMemoryPatternIndex(memory);
  }

  /** An index by word-frequency cosine similarity. */
  static PatternIndex keywords() {
    return new KeywordPatternIndex();
  }

  /** An index by embedding cosine similarity. */
  static PatternIndex embeddings(EmbeddingModel model) {
    return new EmbeddingPatternIndex(model);
  }

  /**
   * A search result.
   *
   * @param id the stored id
   * @param score similarity, 0..1, higher is closer
   */
  record Hit(String id, double score) {}
}
