package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.internal.ArtJson;
import dev.rustagent.art.internal.Conversations;
import dev.rustagent.art.internal.JudgeCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.rustagent.art.judge.RewardModel.Reward;
import dev.rustagent.art.judge.RewardModel.JudgeException;

/**
 * RULER (Relative Universal LLM-Elicited Rewards, as OpenPipe ART defines it): scores a group of
 * trajectories for the same objective relative to one another in one judge call.
 *
 * <p>The longest message prefix all trajectories share is sent once as context; each trajectory's
 * remaining messages go in their own numbered block; the rubric says how to score. The judge answers
 * {@code {"scores":[{"trajectory_id":"1","explanation":"...","score":0.8}, ...]}}, which is validated
 * (one score per trajectory, known ids, scores within 0..1). A malformed answer is retried once, then
 * a {@link JudgeException}: never a made-up score. Identical trajectories are judged once and share
 * the score.
 *
 * <p>Use {@link RewardModel#reward(List)} to apply the scores: a trajectory's previous reward is kept
 * in its metrics as {@value Trajectory#INDEPENDENT_REWARD}.
 */
public final class RulerJudge implements RewardModel {
  /** The default rubric. */
  public static final String DEFAULT_RUBRIC = """
      - A trajectory that achieves its goal should always score significantly higher than one that does not.
      - Among trajectories that achieve the goal, a more efficient one (fewer steps, fewer failed calls) \
      should score higher.
      - If one trajectory is only slightly better than another, the difference in scores should be small; \
      if it is much better, the difference should be large.
      - Give partial credit to a trajectory that makes progress towards its goal without completing it.""";
  private static final String SYSTEM = """
      All of the trajectories below were given the same goal. Your job is to consider each of them and \
      give them a score between 0 and 1. Take into consideration your best judgement of the agent's goal.

      Grading standards:
      %s

      Answer with only this JSON object and nothing else, one entry per trajectory:
      {"scores":[{"trajectory_id":"1","explanation":"why","score":0.0}]}""";

  private final ChatModel model;
  private final String rubric;

  private RulerJudge(ChatModel model, String rubric) {
    this.model = model;
    this.rubric = rubric;
  }

  /** A judge with the {@linkplain #DEFAULT_RUBRIC default rubric}. */
  public static RulerJudge of(ChatModel model) {
    return new RulerJudge(requireNonNull(model, "model"), DEFAULT_RUBRIC);
  }

  /** A judge with the user's rubric. */
  public static RulerJudge withRubric(ChatModel model, String rubric) {
    requireNonNull(rubric, "rubric");
    if (rubric.isBlank()) {
      throw new IllegalArgumentException("rubric must not be blank");
    }
    return new RulerJudge(requireNonNull(model, "model"), rubric);
  }

  /** The rubric in use. */
  public String rubric() {
    return rubric;
  }

  /**
   * Scores the group relative to one another.
   *
   * @throws IllegalArgumentException for a group of fewer than two trajectories (nothing to compare)
   * @throws JudgeException when the judge's answer stays invalid after one retry
   */
  @Override
  public List<Reward> score(List<Trajectory> group) {
    requireNonNull(group, "group");
    if (group.size() < 2) {
      throw new IllegalArgumentException("RULER scores trajectories relative to one another: give a group of at "
          + "least two, got " + group.size());
    }
    Map<List<TrajectoryMessage>, Integer> uniqueIndex = new LinkedHashMap<>();
    int[] slot = new int[group.size()];
    for (int i = 0; i < group.size(); i++) {
      List<TrajectoryMessage> messages = Conversations.messages(group.get(i));
      Integer existing = uniqueIndex.get(messages);
      if (existing == null) {
        existing = uniqueIndex.size();
        uniqueIndex.put(messages, existing);
      }
      slot[i] = existing;
    }
    List<List<TrajectoryMessage>> unique = new ArrayList<>(uniqueIndex.keySet());
    List<Judged> judged = judge(unique);
    List<Reward> out = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      Judged j = judged.get(slot[i]);
      out.add(new Reward(group.get(i).id(), j.score, j.explanation, Map.of()));
    }
    return out;
  }

  private List<Judged> judge(List<List<TrajectoryMessage>> unique) {
    int prefix = Conversations.commonPrefixLength(unique);
    StringBuilder user = new StringBuilder();
    if (prefix > 0) {
      user.append("<context>\n").append(ArtJson.write(Conversations.openAi(unique.get(0).subList(0, prefix))))
          .append("\n</context>\n\n");
    }
    user.append("Trajectories:\n\n");
    for (int i = 0; i < unique.size(); i++) {
      List<TrajectoryMessage> rest = unique.get(i).subList(prefix, unique.get(i).size());
      user.append("<trajectory id=\"").append(i + 1).append("\">\n")
          .append(ArtJson.write(Conversations.openAi(rest))).append("\n</trajectory>\n\n");
    }
    int n = unique.size();
    return JudgeCall.ask(model, "RulerJudge", SYSTEM.formatted(rubric), user.toString(), json -> parse(json, n));
  }

  static List<Judged> parse(JsonNode json, int n) {
    JsonNode scores = json.get("scores");
    if (scores == null || !scores.isArray()) {
      throw new IllegalArgumentException("there is no 'scores' array");
    }
    if (scores.size() != n) {
      throw new IllegalArgumentException("expected " + n + " scores, got " + scores.size());
    }
    Map<Integer, Judged> byId = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode entry : scores) {
      JsonNode idNode = entry.get("trajectory_id");
      String id = idNode == null ? "" : idNode.asText().strip();
      int index;
      try {
        index = Integer.parseInt(id);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("unknown trajectory_id '" + id + "'");
      }
      if (index < 1 || index > n) {
        throw new IllegalArgumentException("unknown trajectory_id '" + id + "' (expected 1.." + n + ")");
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("trajectory_id '" + id + "' is scored twice");
      }
      double score = JudgeCall.score(entry, "score", "trajectory " + id);
      byId.put(index, new Judged(score, JudgeCall.text(entry, "explanation")));
    }
    List<Judged> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      out.add(byId.get(i));
    }
    return out;
  }

  record Judged(double score, String explanation) {}
}
