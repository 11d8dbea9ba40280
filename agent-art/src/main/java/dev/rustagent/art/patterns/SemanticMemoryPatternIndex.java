package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.SemanticMemory;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;

/**
 * {@link PatternIndex} over agent-memory's {@link SemanticMemory}: each pattern is an item with
 * metadata {@code kind=success-pattern} and {@code pattern_id=<id>}, found by the memory's hybrid
 * (embedding and keyword) search. Putting an id again replaces its item, so rebuilding patterns over
 * a persistent memory does not duplicate them.
 */
final class SemanticMemoryPatternIndex implements PatternIndex {
  static final String KIND = "kind";
  static final String SUCCESS_PATTERN = "success-pattern";
  static final String PATTERN_ID = "pattern_id";

  private final SemanticMemory memory;

  SemanticMemoryPatternIndex(SemanticMemory memory) {
    this.memory = requireNonNull(memory, "memory");
  }

  @Override
  public synchronized void put(String id, String text) {
    requireNonNull(id, "id");
    requireNonNull(text, "text");
    remove(id, text);
    memory.put(text, Map.of(KIND, SUCCESS_PATTERN, PATTERN_ID, id));
  }

  @Override
  public synchronized void remove(String id) {
    remove(id, id);
  }

  private void remove(String id, String probe) {
    for (Scored<MemoryItem> hit : memory.search(SemanticQuery.builder(probe).topK(100).filter(KIND, SUCCESS_PATTERN)
        .filter(PATTERN_ID, id).build())) {
      memory.delete(hit.value().id());
    }
  }

  @Override
  public List<Hit> search(String text, int limit) {
    List<Hit> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Scored<MemoryItem> hit : memory.search(SemanticQuery.builder(text).topK(Math.max(1, limit))
        .filter(KIND, SUCCESS_PATTERN).build())) {
      String id = hit.value().metadata().get(PATTERN_ID);
      if (id != null && seen.add(id)) {
        out.add(new Hit(id, Math.max(0, Math.min(1, hit.score()))));
      }
    }
    return out;
  }
}
