package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What worked in a well-rewarded trajectory.
 *
 * @param id the trajectory it came from
 * @param objective the trajectory's objective
 * @param successfulActions the tool calls that succeeded, as {@code tool arguments-json}, in order
 * @param summary one paragraph on what was done
 * @param reward the trajectory's reward
 * @param keywords the objective's and tools' keywords
 * @param createdAt when the trajectory ran
 */
public record SuccessPattern(String id, String objective, List<String> successfulActions, String summary,
    double reward, List<String> keywords, Instant createdAt) {

  public SuccessPattern {
    requireNonNull(id, "id");
    requireNonNull(objective, "objective");
    successfulActions = List.copyOf(successfulActions);
    requireNonNull(summary, "summary");
    keywords = List.copyOf(keywords);
    requireNonNull(createdAt, "createdAt");
  }

  /** The text the pattern is found by: objective, keywords and actions. */
  public String searchText() {
    return objective + "\n" + String.join(" ", keywords) + "\n" + String.join("\n", successfulActions);
  }
}
