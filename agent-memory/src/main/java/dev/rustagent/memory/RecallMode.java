package dev.rustagent.memory;

/** How a search ranks items. */
public enum RecallMode {
  /** Embedding similarity fused with keyword relevance (the default). */
  HYBRID,
  /** Embedding (cosine) similarity only; needs an embedding model. */
  VECTOR,
  /**
   * BM25-style keyword relevance only; Rust identifiers and error codes such as {@code E0382} are
   * whole terms.
   */
  KEYWORD
}
