package dev.rustagent.memory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
}
