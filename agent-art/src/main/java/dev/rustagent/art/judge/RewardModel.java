package dev.rustagent.art.judge;

import dev.rustagent.art.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
}
