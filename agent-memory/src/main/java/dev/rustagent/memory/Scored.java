package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

/**
 * A search hit and its relevance score; higher is more relevant. The score's scale depends on the
 * {@link RecallMode}: cosine similarity for {@code VECTOR}, keyword relevance normalised to 0..1 for
 * {@code KEYWORD}, and a weighted fusion of both for {@code HYBRID}.
 *
 * @param value the item found
 * @param score its relevance
 * @param <T> the kind of item
 */
public record Scored<T>(T value, double score) {

  /** Validates the value. */
  public Scored {
    requireNonNull(value, "value");
  }
}
