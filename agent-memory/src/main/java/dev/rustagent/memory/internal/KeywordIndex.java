package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.internal.RecallIndex;
import dev.rustagent.memory.internal.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

/**
 * A keyword index of texts kept by the caller, named by string ids: the same tokenizer and BM25 scoring
 * as the memory's {@link RecallMode#KEYWORD keyword recall}, so a score is the share (0..1) of the
 * query's keyword information a text matches, comparable across queries. For modules that rank their
 * own items without embeddings (ART's success patterns and reward novelty). Thread-safe.
 */
public final class KeywordIndex {

  private final RecallIndex index = new RecallIndex(0);
  private final Map<String, Long> slots = new ConcurrentHashMap<>();
  private final Map<Long, String> names = new ConcurrentHashMap<>();
  private long nextId;

  /**
   * The keyword terms of a text as every keyword search here sees them: runs of letters, digits and
   * underscores, lower-cased, so Rust identifiers ({@code borrow_mut}) and error codes ({@code E0382})
   * stay whole; common English stop words and one-letter terms are dropped.
   *
   * @param text any text
   * @return its terms in order, repeats kept
   */
  public static List<String> terms(String text) {
    return Tokens.of(requireNonNull(text, "text"));
  }

  /**
   * Adds a text, or replaces the text of the same id.
   *
   * @param id the caller's id
   * @param text the text to index
   */
  public synchronized void put(String id, String text) {
    requireNonNull(id, "id");
    List<String> terms = terms(text);
    Long old = slots.get(id);
    long slot = old != null ? old : nextId++;
    index.add(slot, null, terms);
    slots.put(id, slot);
    names.put(slot, id);
  }

  /**
   * @param id the caller's id
   * @return whether a text was indexed under it
   */
  public synchronized boolean remove(String id) {
    Long slot = slots.remove(requireNonNull(id, "id"));
    if (slot == null) {
      return false;
    }
    names.remove(slot);
    return index.remove(slot);
  }

  /**
   * @param query what to look for
   * @param limit the most hits, at least 1
   * @return the ids of the texts sharing keywords with the query, best first, with their scores
   */
  public List<Scored<String>> search(String query, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    List<Scored<String>> out = new ArrayList<>();
    for (RecallIndex.Hit hit : index.search(null, terms(query), limit, RecallMode.KEYWORD, null)) {
      String name = names.get(hit.id());
      if (name != null) {
        out.add(new Scored<>(name, hit.score()));
      }
    }
    return out;
  }

  /** @return how many texts are indexed */
  public int size() {
    return slots.size();
  }
}
