package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import java.util.Map;

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
