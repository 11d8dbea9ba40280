package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A semantic-memory search: top-k items for a text, at or above a minimum score, whose metadata
 * contains every filter key with exactly the given value.
 *
 * @param text the query text
 * @param topK the most items to return, at least 1
 * @param minScore items scoring below this are dropped (scale per {@link RecallMode}); NaN, the
 *     default, means the memory's relevance floor for the mode ("nothing relevant" below it)
 * @param filters metadata that must match exactly (all of them)
 * @param mode how to rank
 */
public record SemanticQuery(
    String text, int topK, double minScore, Map<String, String> filters, RecallMode mode) {

  /** Validates and copies the fields. */
  public SemanticQuery {
    requireNonNull(text, "text");
    requireNonNull(mode, "mode");
    filters = Map.copyOf(requireNonNull(filters, "filters"));
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, was " + topK);
    }
  }

  /**
   * @param text the query text
   * @return a builder with top 10, the memory's relevance floor as minimum score, no filters, hybrid
   *     ranking
   */
  public static Builder builder(String text) {
    return new Builder(text);
  }

  /** Builds a {@link SemanticQuery}. */
  public static final class Builder {
    private final String text;
    private int topK = 10;
    private double minScore = Double.NaN;
    private final Map<String, String> filters = new LinkedHashMap<>();
    private RecallMode mode = RecallMode.HYBRID;

    private Builder(String text) {
      this.text = requireNonNull(text, "text");
    }

    /**
     * @param topK the most items to return, at least 1
     * @return this builder
     */
    public Builder topK(int topK) {
      if (topK < 1) {
        throw new IllegalArgumentException("topK must be at least 1, was " + topK);
      }
      this.topK = topK;
      return this;
    }

    /**
     * Replaces the memory's relevance floor for this search: {@code Double.NEGATIVE_INFINITY} keeps
     * every hit (for example to list everything matching the filters).
     *
     * @param minScore the lowest score kept
     * @return this builder
     */
    public Builder minScore(double minScore) {
      if (Double.isNaN(minScore)) {
        throw new IllegalArgumentException("minScore must be a number");
      }
      this.minScore = minScore;
      return this;
    }

    /**
     * @param key a metadata key
     * @param value the value it must have
     * @return this builder
     */
    public Builder filter(String key, String value) {
      filters.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * @param mode how to rank
     * @return this builder
     */
    public Builder mode(RecallMode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    /** @return the query */
    public SemanticQuery build() {
      return new SemanticQuery(text, topK, minScore, filters, mode);
    }
  }
}
