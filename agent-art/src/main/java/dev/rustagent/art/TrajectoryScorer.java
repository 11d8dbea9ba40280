package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.art.judge.RewardModel;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores what was recorded but not yet judged: comparable unscored trajectories (the same kind of run
 * on the same compiler error, else the same objective) form groups that a relative judge such as
 * RULER scores together; a trajectory with nothing to compare with goes to the single-run judge. A
 * judge that fails or answers garbage leaves its trajectories unscored for a later try: no score is
 * ever made up. Scored trajectories are saved and, with success patterns, learned from.
 */
public final class TrajectoryScorer {
  private static final Logger log = LoggerFactory.getLogger(TrajectoryScorer.class);

  private final TrajectoryStore store;
  private final RewardModel groupJudge;
  private final RewardModel singleJudge;
  private final SuccessPatternDatabase patterns;

  /**
   * A scorer over a store.
   *
   * @param groupJudge scores groups of two or more comparable runs relative to one another
   * @param singleJudge scores a run with nothing to compare it with
   * @param patterns learns from the newly scored runs, or {@code null}
   */
  public TrajectoryScorer(TrajectoryStore store, RewardModel groupJudge, RewardModel singleJudge,
      @Nullable SuccessPatternDatabase patterns) {
    this.store = requireNonNull(store, "store");
    this.groupJudge = requireNonNull(groupJudge, "groupJudge");
    this.singleJudge = requireNonNull(singleJudge, "singleJudge");
    this.patterns = patterns;
  }

  /**
   * What one scoring pass did.
   *
   * @param scored trajectories that got a reward
   * @param groups groups judged together (two or more runs)
   * @param leftUnscored trajectories whose judge failed; they stay unscored
   * @param problems one line per failed judge call
   */
  public record Report(int scored, int groups, int leftUnscored, List<String> problems) {
    public Report {
      problems = List.copyOf(problems);
    }
  }

  /** Scores up to {@code limit} of the most recent unscored trajectories. */
  public Report scoreUnscored(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    Map<String, List<Trajectory>> groups = new LinkedHashMap<>();
    for (Trajectory t : store.unscored(limit)) {
      groups.computeIfAbsent(groupKey(t), k -> new ArrayList<>()).add(t);
    }
    int scored = 0;
    int judgedGroups = 0;
    int left = 0;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<Trajectory>> entry : groups.entrySet()) {
      List<Trajectory> group = entry.getValue();
      RewardModel judge = group.size() >= 2 ? groupJudge : singleJudge;
      List<Trajectory> rewarded;
      try {
        rewarded = group.size() >= 2 ? judge.reward(group) : List.of(judge.reward(group).get(0));
      } catch (RuntimeException e) {
        left += group.size();
        String problem = judge.getClass().getSimpleName() + " could not score " + group.size() + " run(s) of '"
            + entry.getKey() + "': " + e.getMessage();
        problems.add(problem);
        log.warn(problem);
        continue;
      }
      judgedGroups += group.size() >= 2 ? 1 : 0;
      store.saveAll(rewarded);
      scored += rewarded.size();
      if (patterns != null) {
        rewarded.forEach(patterns::learn);
      }
    }
    return new Report(scored, judgedGroups, left, problems);
  }

  private static String groupKey(Trajectory t) {
    String key = t.metadata().comparisonKey();
    return key.isEmpty() ? "objective|" + t.objective().strip() : key;
  }
}
