package dev.rustagent.art.judge;

import dev.rustagent.art.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import static java.util.Objects.requireNonNull;
import java.util.LinkedHashMap;

/**
 * Gives trajectories rewards. A model may score each trajectory on its own or a group relative to
 * one another ({@link RulerJudge}); either way it takes a group (trajectories of the same objective)
 * and answers one {@link Reward} per trajectory, in the same order.
 */
public interface RewardModel {

  /**
   * Scores a group.
   *
   * @return one reward per trajectory, in order
   * @throws JudgeException when no valid score could be obtained (never a made-up score)
   * @throws IllegalArgumentException when the group is not acceptable to this model
   */
  List<Reward> score(List<Trajectory> group);

  /** Scores one trajectory. */
  default Reward score(Trajectory trajectory) {
    return score(List.of(trajectory)).get(0);
  }

  /**
   * Scores a group and returns the trajectories with their new rewards: a previous reward is kept in
   * the metrics as {@value Trajectory#INDEPENDENT_REWARD}, the explanation goes to the trajectory's
   * logs and to this class's log.
   */
  default List<Trajectory> reward(List<Trajectory> group) {
    List<Reward> rewards = score(group);
    Map<String, Reward> byId = rewards.stream()
        .collect(Collectors.toMap(Reward::trajectoryId, Function.identity(), (a, b) -> a));
    Logger log = LoggerFactory.getLogger(RewardModel.class);
    List<Trajectory> out = new ArrayList<>(group.size());
    for (Trajectory t : group) {
      Reward r = byId.get(t.id());
      if (r == null) {
        throw new JudgeException(getClass().getSimpleName() + " gave no reward for trajectory " + t.id());
      }
      log.info("reward {} for trajectory {} ({}): {}", String.format("%.3f", r.value()), t.id(),
          getClass().getSimpleName(), r.explanation());
      Trajectory rewarded = t.withReward(r.value(), r.explanation().isEmpty() ? null
          : getClass().getSimpleName() + ": " + r.explanation());
      out.add(r.components().isEmpty() ? rewarded : rewarded.withMetrics(r.components()));
    }
    return out;
  }

  /**
   * A reward for one trajectory.
   *
   * @param trajectoryId the trajectory scored
   * @param value the reward, 0..1
   * @param explanation why, in words (may be empty)
   * @param components the parts the reward was made of, by name (may be empty)
   */
  public record Reward(String trajectoryId, double value, String explanation, Map<String, Double> components) {
    public Reward {
      requireNonNull(trajectoryId, "trajectoryId");
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("reward must be within 0..1: " + value);
      }
      explanation = explanation == null ? "" : explanation;
      components = components == null ? Map.of() : Map.copyOf(components);
    }
  }

  /** A judge could not produce a valid score: the model's answer stayed malformed, or the call failed. */
  public static class JudgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public JudgeException(String message) {
      super(message);
    }

    /** With a message and a cause. */
    public JudgeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Group-relative advantages as GRPO uses them: within each group of trajectories for one objective,
   * {@code (reward - mean) / (std + 1e-6)} with the population standard deviation. Unscored
   * trajectories are left out; a group with fewer than two scored trajectories or without any spread
   * in rewards teaches nothing and is reported as skipped.
   */
  public static final class GrpoAdvantages {
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
}
