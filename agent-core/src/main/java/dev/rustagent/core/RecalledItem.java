package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One recalled piece of knowledge that went into a run's context: a code pattern, a success pattern
 * learned from earlier runs, a similar past episode, a command or a concept.
 *
 * @param kind what it is, such as {@code pattern}, {@code success-pattern}, {@code episode},
 *     {@code command} or {@code concept}
 * @param id the item's id in its store, so a host can look it up or give feedback on it
 * @param summary a one-line description for people
 * @param relevance how well it matched the task, in 0..1 (the store's calibrated score)
 * @param outcome how well it worked before, in 0..1 (a past run's reward or success, a pattern's
 *     success rate), or {@code null} when unknown
 */
public record RecalledItem(String kind, String id, String summary, double relevance, @Nullable Double outcome) {

  public RecalledItem {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
    requireNonNull(summary, "summary");
    if (!(relevance >= 0 && relevance <= 1)) {
      throw new IllegalArgumentException("relevance must be in 0..1: " + relevance);
    }
    if (outcome != null && !(outcome >= 0 && outcome <= 1)) {
      throw new IllegalArgumentException("outcome must be in 0..1: " + outcome);
    }
  }

  /** How well it worked before, when known. */
  public OptionalDouble knownOutcome() {
    return outcome == null ? OptionalDouble.empty() : OptionalDouble.of(outcome);
  }
}
