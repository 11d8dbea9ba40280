package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.art.internal.Cosine;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;

/** {@link PatternIndex} by cosine similarity of embeddings. */
final class EmbeddingPatternIndex implements PatternIndex {
  private final EmbeddingModel model;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  EmbeddingPatternIndex(EmbeddingModel model) {
    this.model = requireNonNull(model, "model");
  }

  @Override
  public void put(String id, String text) {
    requireNonNull(id, "id");
    vectors.put(id, model.embed(requireNonNull(text, "text")).content().vector());
  }

  @Override
  public void remove(String id) {
    vectors.remove(id);
  }

  @Override
  public List<Hit> search(String text, int limit) {
    float[] query = model.embed(text).content().vector();
    return vectors.entrySet().stream().map(e -> new Hit(e.getKey(), Cosine.of(query, e.getValue())))
        .sorted(Comparator.comparingDouble(Hit::score).reversed()).limit(limit).toList();
  }
}
