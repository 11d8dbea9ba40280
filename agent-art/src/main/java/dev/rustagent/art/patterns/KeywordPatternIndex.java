package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.internal.KeywordIndex;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.util.List;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;

/**
 * {@link PatternIndex} by keywords: agent-memory's {@link KeywordIndex} (BM25; a score is the share of
 * the query's keyword information a pattern matches).
 */
final class KeywordPatternIndex implements PatternIndex {
  private final KeywordIndex index = new KeywordIndex();

  @Override
  public void put(String id, String text) {
    index.put(requireNonNull(id, "id"), requireNonNull(text, "text"));
  }

  @Override
  public void remove(String id) {
    index.remove(id);
  }

  @Override
  public List<Hit> search(String text, int limit) {
    return index.search(text, limit).stream().map((Scored<String> s) -> new Hit(s.value(), s.score())).toList();
  }
}
