package dev.rustagent.memory.internal;

import dev.rustagent.memory.SemanticMemory.RecallMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The score under which a search finds "nothing relevant", per {@link RecallMode}. Hits scoring below
 * their mode's floor are dropped, so an unrelated item never reaches an agent's prompt.
 *
 * <p>The defaults were calibrated on the labelled recall set (agent-memory's test resource
 * {@code recall-set.json}; docs/benchmarks.md): each is the highest floor that keeps 95% of the queries
 * whose first hit is right. The keyword floor holds for any memory; the vector and hybrid floors are
 * cosine-based and hold for all-MiniLM-L6-v2 (quantised or not) only, so with another embedding model
 * they are off unless set.
 *
 * @param vector the floor for {@link RecallMode#VECTOR} (cosine similarity)
 * @param keyword the floor for {@link RecallMode#KEYWORD} (share of the query's keyword information)
 * @param hybrid the floor for {@link RecallMode#HYBRID} (fused score)
 */
public record RecallFloors(double vector, double keyword, double hybrid) {

  /** Default keyword floor, for every memory. */
  public static final double KEYWORD = 0.26;
  /** Default vector floor with all-MiniLM-L6-v2. */
  public static final double MINILM_VECTOR = 0.36;
  /** Default hybrid floor with all-MiniLM-L6-v2. */
  public static final double MINILM_HYBRID = 0.26;

  /** No floor at all: every hit is returned. */
  public static final RecallFloors NONE =
      new RecallFloors(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);

  /** Rejects NaN floors. */
  public RecallFloors {
    if (Double.isNaN(vector) || Double.isNaN(keyword) || Double.isNaN(hybrid)) {
      throw new IllegalArgumentException("a relevance floor must be a number");
    }
  }

  /**
   * @param calibratedModel whether the embedding model is the one the floors were calibrated for
   * @param overrides floors set explicitly, by mode
   * @return the defaults with the overrides applied
   */
  public static RecallFloors defaults(boolean calibratedModel, Map<RecallMode, Double> overrides) {
    Map<RecallMode, Double> floors = new EnumMap<>(RecallMode.class);
    floors.put(RecallMode.KEYWORD, KEYWORD);
    floors.put(RecallMode.VECTOR, calibratedModel ? MINILM_VECTOR : Double.NEGATIVE_INFINITY);
    floors.put(RecallMode.HYBRID, calibratedModel ? MINILM_HYBRID : Double.NEGATIVE_INFINITY);
    floors.putAll(overrides);
    return new RecallFloors(floors.get(RecallMode.VECTOR), floors.get(RecallMode.KEYWORD),
        floors.get(RecallMode.HYBRID));
  }

  /**
   * @param mode a mode
   * @return its floor
   */
  public double of(RecallMode mode) {
    return switch (mode) {
      case VECTOR -> vector;
      case KEYWORD -> keyword;
      case HYBRID -> hybrid;
    };
  }
}
