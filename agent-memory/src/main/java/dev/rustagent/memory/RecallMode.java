package dev.rustagent.memory;

/**
 * How a search ranks items, and what its scores mean. Scores are comparable across queries, so each
 * mode has a relevance floor under which a search finds nothing: an unrelated past episode never
 * reaches an agent's prompt. The default floors were calibrated on the project's labelled recall set
 * (docs/benchmarks.md) as the highest score that keeps 95% of correct first hits; change them with
 * {@link AgentMemory.Builder#relevanceFloor(RecallMode, double)}.
 */
public enum RecallMode {
  /**
   * Embedding similarity with a calibrated keyword bonus (the default): the cosine similarity plus up
   * to 0.4 for an item that matches the query's keywords (error codes, identifiers, crate names),
   * divided by 1.4 so a perfect match scores 1; an item sharing only an everyday word with the query
   * gains next to nothing. Default floor 0.26 with all-MiniLM-L6-v2, none with another embedding
   * model. Without an embedding model, hybrid search is
   * keyword search.
   */
  HYBRID,
  /**
   * Embedding (cosine) similarity only; needs an embedding model. Default floor 0.36 with
   * all-MiniLM-L6-v2, none with another embedding model.
   */
  VECTOR,
  /**
   * BM25 keyword relevance only, as the share (0..1) of the query's keyword information an item
   * matches; Rust identifiers and error codes such as {@code E0382} are whole terms. Default floor
   * 0.26.
   */
  KEYWORD
}
