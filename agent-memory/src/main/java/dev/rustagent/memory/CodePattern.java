package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

/**
 * A reusable Rust code pattern in the knowledge base.
 *
 * @param id the store's id (0 for a pattern not yet stored)
 * @param name short name, e.g. "newtype"
 * @param category e.g. "error-handling", "ownership", "concurrency"
 * @param codeTemplate example code
 * @param description when and why to use it
 * @param useCount how often the agent used it
 * @param successRate fraction of those uses in successful runs (0 when never used)
 */
public record CodePattern(
    long id,
    String name,
    String category,
    String codeTemplate,
    String description,
    int useCount,
    double successRate) {

  /** Validates the fields. */
  public CodePattern {
    requireNonNull(name, "name");
    requireNonNull(category, "category");
    requireNonNull(codeTemplate, "codeTemplate");
    requireNonNull(description, "description");
    if (useCount < 0) {
      throw new IllegalArgumentException("useCount must not be negative");
    }
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException("successRate must be within 0..1, was " + successRate);
    }
  }
}
