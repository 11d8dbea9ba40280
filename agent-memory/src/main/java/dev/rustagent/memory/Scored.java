package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

/**
 * A search hit and its relevance score; higher is more relevant. The score's scale depends on the
 * {@link RecallMode}: cosine similarity for {@code VECTOR}, the share (0..1) of the query's keyword
 * information matched for {@code KEYWORD}, and the cosine plus a keyword bonus of up to 0.4, divided
 * by 1.4, for {@code HYBRID}: at most 1 in every mode. Scores mean the same across queries.
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
