package dev.rustagent.core.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The "did you mean" for unknown names (slash commands, tool names): the closest known name, if close. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The known name nearest to {@code given} by edit distance, when at most a third of its length
   * (and at least 2) edits away; empty when nothing is that close.
   */
  public static Optional<String> closest(String given, Collection<String> known) {
    int limit = Math.max(2, given.length() / 3);
    LevenshteinDistance distance = new LevenshteinDistance(limit);
    return known.stream()
        .filter(name -> distance.apply(given, name) >= 0)
        .min(Comparator.comparingInt((String name) -> distance.apply(given, name)).thenComparing(name -> name));
  }

  /** {@code " (did you mean 'x'?)"}, or the empty string when nothing is close. */
  public static String hint(String given, Collection<String> known) {
    return closest(given, known).map(name -> " (did you mean '" + name + "'?)").orElse("");
  }
}
