package dev.rustagent.memory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import static java.util.Objects.requireNonNull;
import java.util.LinkedHashMap;
import dev.rustagent.memory.SemanticMemory.RecallMode;

/**
 * General-purpose semantic memory: text with metadata, searchable by meaning and keywords, filterable
 * by metadata (other modules store their own kinds of item here, told apart by a metadata key such as
 * {@code kind}). Safe for concurrent use; an item is durable once {@link #put} returns.
 */
public interface SemanticMemory {

  /**
   * @param text the text to remember
   * @param metadata key/value metadata (keys at most 256 characters, values at most 4096)
   * @return the stored item with its id
   * @throws MemoryException if the store fails
   */
  MemoryItem put(String text, Map<String, String> metadata);

  /**
   * @param id an item id
   * @return the item, if stored
   */
  Optional<MemoryItem> get(long id);

  /**
   * @param query what to look for
   * @return the best items first, at most {@code query.topK()}
   */
  List<Scored<MemoryItem>> search(SemanticQuery query);

  /**
   * @param id an item id
   * @return whether an item was deleted
   */
  boolean delete(long id);

  /** @return how many items are stored */
  long count();

  /**
   * A piece of semantic memory: text plus string metadata (for example {@code kind=success-pattern}).
   *
   * @param id the store's id
   * @param text the remembered text
   * @param metadata key/value metadata, usable as search filters
   */
  public record MemoryItem(long id, String text, Map<String, String> metadata) {

    /** Validates and copies the fields. */
    public MemoryItem {
      requireNonNull(text, "text");
      metadata = Map.copyOf(requireNonNull(metadata, "metadata"));
    }
  }

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
}
