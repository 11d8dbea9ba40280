package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.text.Secrets;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One recorded run of an agent: the objective, every step, the exact conversation and tool
 * specifications the model saw, facts about the run, metrics, and (once scored) its reward.
 * Immutable; the {@code with...} methods return changed copies. Serialises to JSON with Jackson
 * (see {@link TrajectoryStore}). Every text of a trajectory, its steps and its messages passes through
 * {@link Secrets#redact} when the record is made, so no trajectory (recorded, loaded from a store or
 * exported as training data) holds a credential of a known shape.
 *
 * @param id unique id (the agent's run id)
 * @param sessionId the agent session, or null for a run outside a session
 * @param agentName which agent ran (used to query and group)
 * @param objective what the run was asked to do
 * @param success whether the run reached its goal (by the tracker's success criterion)
 * @param answer the final answer text, or empty
 * @param steps the steps in order
 * @param messages the conversation the model saw, in order, ending with its final answer
 * @param tools the tool specifications offered to the model, in OpenAI function format
 * @param metadata facts about the run
 * @param metrics performance metrics by name (latency, iterations, judge scores, {@code independent_reward})
 * @param reward the reward in 0..1, or null while unscored
 * @param logs notes about the trajectory (for example a judge's explanation)
 * @param createdAt when the run started
 * @param completedAt when it ended, or null while running
 */
public record Trajectory(String id, @Nullable String sessionId, String agentName, String objective, boolean success,
    String answer, List<TrajectoryStep> steps, List<TrajectoryMessage> messages, List<Map<String, Object>> tools,
    TrajectoryMetadata metadata, Map<String, Double> metrics, @Nullable Double reward, List<String> logs, Instant createdAt,
    @Nullable Instant completedAt) {

  /** The metric holding the latest human feedback: 1 good, 0 bad. */
  public static final String HUMAN_FEEDBACK = "human_feedback";
  /** The metric that keeps a judge's reward once human feedback outweighed it. */
  public static final String JUDGE_REWARD = "judge_reward";

  /** The metric that keeps the reward a trajectory had before a relative judge replaced it. */
  public static final String INDEPENDENT_REWARD = "independent_reward";

  public Trajectory {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    requireNonNull(agentName, "agentName");
    objective = Secrets.redact(requireNonNull(objective, "objective"));
    answer = answer == null ? "" : Secrets.redact(answer);
    steps = steps == null ? List.of() : List.copyOf(steps);
    messages = messages == null ? List.of() : List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    metadata = metadata == null ? TrajectoryMetadata.empty() : metadata;
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    if (reward != null && !(reward >= 0 && reward <= 1)) {
      throw new IllegalArgumentException("reward must be within 0..1: " + reward);
    }
    logs = logs == null ? List.of() : logs.stream().map(Secrets::redact).toList();
    requireNonNull(createdAt, "createdAt");
  }

  /** The reward, when scored. */
  public Optional<Double> rewardValue() {
    return Optional.ofNullable(reward);
  }

  /** Whether a reward was given. */
  @JsonIgnore
  public boolean isScored() {
    return reward != null;
  }

  /** The tool calls of the run, in order. */
  @JsonIgnore
  public List<StepAction.UseTool> toolCalls() {
    return steps.stream().map(TrajectoryStep::action).filter(StepAction.UseTool.class::isInstance)
        .map(StepAction.UseTool.class::cast).toList();
  }

  /**
   * A copy with a new reward. A reward it already had is kept in {@link #metrics()} as
   * {@value #INDEPENDENT_REWARD} (unless one is already kept there); {@code note} (if not null) is
   * appended to the logs.
   */
  public Trajectory withReward(double newReward, String note) {
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    if (reward != null) {
      m.putIfAbsent(INDEPENDENT_REWARD, reward);
    }
    List<String> l = new ArrayList<>(logs);
    if (note != null && !note.isBlank()) {
      l.add(note);
    }
    return new Trajectory(id, sessionId, agentName, objective, success, answer, steps, messages, tools, metadata, m,
        newReward, l, createdAt, completedAt);
  }

  /** A copy with more metrics (replacing those of the same name). */
  public Trajectory withMetrics(Map<String, Double> more) {
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new Trajectory(id, sessionId, agentName, objective, success, answer, steps, messages, tools, metadata, m,
        reward, logs, createdAt, completedAt);
  }

  /**
   * A copy carrying a person's feedback: the reward becomes the verdict's (1 good, 0 bad), a judge's
   * earlier reward is kept as {@value #JUDGE_REWARD} (only the first time: feedback never counts as a
   * judge), the latest verdict is {@value #HUMAN_FEEDBACK}, and a log line keeps this feedback with any
   * earlier ones.
   *
   * @throws IllegalArgumentException when the feedback is about another run
   */
  public Trajectory withFeedback(Feedback feedback) {
    requireNonNull(feedback, "feedback");
    if (!feedback.runId().equals(id)) {
      throw new IllegalArgumentException("feedback for run " + feedback.runId() + " given to trajectory " + id);
    }
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    if (reward != null && !m.containsKey(HUMAN_FEEDBACK)) {
      m.putIfAbsent(JUDGE_REWARD, reward);
    }
    m.put(HUMAN_FEEDBACK, feedback.verdict().reward());
    List<String> l = new ArrayList<>(logs);
    l.add("feedback " + feedback.verdict().name().toLowerCase(java.util.Locale.ROOT) + " at " + feedback.at()
        + (feedback.comment().isEmpty() ? "" : ": " + feedback.comment()));
    return new Trajectory(id, sessionId, agentName, objective, success, answer, steps, messages, tools, metadata, m,
        feedback.verdict().reward(), l, createdAt, completedAt);
  }

  /** The latest human verdict, when a person gave one. */
  @JsonIgnore
  public Optional<Feedback.Verdict> humanVerdict() {
    Double v = metrics.get(HUMAN_FEEDBACK);
    return v == null ? Optional.empty() : Optional.of(v >= 0.5 ? Feedback.Verdict.GOOD : Feedback.Verdict.BAD);
  }
}
