package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.internal.TextVectors;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PatternIndex} by cosine similarity of word frequencies. */
final class KeywordPatternIndex implements PatternIndex {
  private final Map<String, Map<String, Integer>> vectors = new ConcurrentHashMap<>();

  @Override
  public void put(String id, String text) {
    vectors.put(requireNonNull(id, "id"), TextVectors.vector(requireNonNull(text, "text")));
  }

  @Override
  public void remove(String id) {
    vectors.remove(id);
  }

  @Override
  public List<Hit> search(String text, int limit) {
    Map<String, Integer> query = TextVectors.vector(text);
    return vectors.entrySet().stream().map(e -> new Hit(e.getKey(), TextVectors.cosine(query, e.getValue())))
        .filter(h -> h.score() > 0).sorted(Comparator.comparingDouble(Hit::score).reversed()).limit(limit).toList();
  }
}
