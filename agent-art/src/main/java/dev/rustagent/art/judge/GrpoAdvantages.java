package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.Trajectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group-relative advantages as GRPO uses them: within each group of trajectories for one objective,
 * {@code (reward - mean) / (std + 1e-6)} with the population standard deviation. Unscored
 * trajectories are left out; a group with fewer than two scored trajectories or without any spread
 * in rewards teaches nothing and is reported as skipped.
 */
public final class GrpoAdvantages {
  private static final Logger log = LoggerFactory.getLogger(GrpoAdvantages.class);
  static final double EPSILON = 1e-6;
  static final double NO_SPREAD = 1e-9;

  private GrpoAdvantages() {}

  /** Computes the advantages of each group. */
  public static Result compute(List<List<Trajectory>> groups) {
    requireNonNull(groups, "groups");
    List<Group> kept = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (List<Trajectory> group : groups) {
      if (group.isEmpty()) {
        continue;
      }
      String objective = group.get(0).objective();
      List<Trajectory> scored = group.stream().filter(Trajectory::isScored).toList();
      if (scored.size() < 2) {
        skipped.add(new Skipped(objective, group.size(), "fewer than two scored trajectories"));
        continue;
      }
      double mean = scored.stream().mapToDouble(Trajectory::reward).average().getAsDouble();
      double variance = scored.stream().mapToDouble(t -> (t.reward() - mean) * (t.reward() - mean)).sum()
          / scored.size();
      double std = Math.sqrt(variance);
      if (std < NO_SPREAD) {
        skipped.add(new Skipped(objective, group.size(), "all rewards are equal (" + mean + ")"));
        continue;
      }
      Map<String, Double> advantages = new LinkedHashMap<>();
      for (Trajectory t : scored) {
        advantages.put(t.id(), (t.reward() - mean) / (std + EPSILON));
      }
      kept.add(new Group(objective, advantages, mean, std));
    }
    skipped.forEach(s -> log.info("GRPO: skipping group '{}' ({} trajectories): {}", s.objective(), s.size(),
        s.reason()));
    return new Result(kept, skipped);
  }

  /**
   * The advantages of one group.
   *
   * @param objective the group's objective
   * @param advantages by trajectory id
   * @param mean the mean reward
   * @param std the standard deviation of the rewards
   */
  public record Group(String objective, Map<String, Double> advantages, double mean, double std) {
    public Group {
      advantages = Map.copyOf(advantages);
    }
  }

  /**
   * A group left out.
   *
   * @param objective the group's objective
   * @param size how many trajectories it had
   * @param reason why it was left out
   */
  public record Skipped(String objective, int size, String reason) {}

  /**
   * The outcome.
   *
   * @param groups groups with advantages
   * @param skipped groups left out, with the reason
   */
  public record Result(List<Group> groups, List<Skipped> skipped) {
    public Result {
      groups = List.copyOf(groups);
      skipped = List.copyOf(skipped);
    }
  }
}
