package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.art.internal.ObjectiveGroups;
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
  private final EmbeddingModel embeddings;
  private final double minObjectiveSimilarity;

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
    this.embeddings = null;
    this.minObjectiveSimilarity = 1;
  }

  private TrajectoryScorer(TrajectoryScorer base, EmbeddingModel embeddings, double minObjectiveSimilarity) {
    this.store = base.store;
    this.groupJudge = base.groupJudge;
    this.singleJudge = base.singleJudge;
    this.patterns = base.patterns;
    this.embeddings = embeddings;
    this.minObjectiveSimilarity = minObjectiveSimilarity;
  }

  /**
   * A scorer that also groups runs with different but close objectives (runs with no compiler error to
   * compare them by): objectives whose embeddings by {@code model} have a cosine similarity of at least
   * {@code minSimilarity}, or, with no model (or when embedding fails), objectives sharing at least that
   * share of their keywords. By default only identical objectives are grouped.
   *
   * @param model the embedding model, or {@code null} for keywords
   * @throws IllegalArgumentException when {@code minSimilarity} is not within 0..1
   */
  public TrajectoryScorer groupingObjectives(EmbeddingModel model, double minSimilarity) {
    if (!(minSimilarity >= 0 && minSimilarity <= 1)) {
      throw new IllegalArgumentException("minimum objective similarity must be within 0..1: " + minSimilarity);
    }
    return new TrajectoryScorer(this, model, minSimilarity);
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
    List<Trajectory> byObjective = new ArrayList<>();
    for (Trajectory t : store.unscored(limit)) {
      String key = t.metadata().comparisonKey();
      if (key.isEmpty()) {
        byObjective.add(t);
      } else {
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      }
    }
    for (List<Trajectory> group : ObjectiveGroups.group(byObjective, Trajectory::objective, embeddings,
        minObjectiveSimilarity)) {
      groups.put("objective|" + group.get(0).objective().strip(), group);
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

}
