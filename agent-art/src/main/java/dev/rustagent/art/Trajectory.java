package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.internal.Secrets;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.rustagent.art.TrajectoryStore.Feedback;
import java.time.Duration;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rustagent.art.Trajectory.TrajectoryStep;

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

  /**
   * One step of a {@link Trajectory}: what the agent saw, thought and did, and what came of it.
   *
   * @param index the step's position, from 0
   * @param observation what the agent saw before acting (the task or the previous tool result)
   * @param thought the model's reasoning text for this step, or empty
   * @param action what it did
   * @param toolResult the tool's output for a {@link StepAction.UseTool}, or null
   * @param toolFailed whether the tool call failed (refused, unknown tool, error)
   * @param reflection a note added after the fact (by a judge or a human), or null
   * @param stepReward a reward for this step alone, or null
   * @param metadata free-form string metadata
   * @param timestamp when the step happened
   * @param executionTime how long the action took (the tool call's duration)
   */
  public record TrajectoryStep(int index, String observation, String thought, StepAction action, @Nullable String toolResult,
      boolean toolFailed, @Nullable String reflection, @Nullable Double stepReward, Map<String, String> metadata, Instant timestamp,
      Duration executionTime) {

    public TrajectoryStep {
      if (index < 0) {
        throw new IllegalArgumentException("index must not be negative: " + index);
      }
      observation = observation == null ? "" : Secrets.redact(observation);
      thought = thought == null ? "" : Secrets.redact(thought);
      toolResult = toolResult == null ? null : Secrets.redact(toolResult);
      reflection = reflection == null ? null : Secrets.redact(reflection);
      requireNonNull(action, "action");
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
      requireNonNull(timestamp, "timestamp");
      executionTime = executionTime == null ? Duration.ZERO : executionTime;
    }

    /** Whether this step is a tool call. */
    @JsonIgnore
    public boolean isToolCall() {
      return action instanceof StepAction.UseTool;
    }

    /** A copy with the tool's result. */
    public TrajectoryStep withToolResult(String result, boolean failed, Duration took) {
      return new TrajectoryStep(index, observation, thought, action, result, failed, reflection, stepReward, metadata,
          timestamp, took);
    }
  }

  /**
   * One message of the conversation the model saw, in the OpenAI chat shape used by training data:
   * {@code system}, {@code user}, {@code assistant} (optionally with tool calls) or {@code tool}.
   *
   * @param role the role
   * @param content the text (empty for an assistant turn that only calls tools)
   * @param toolCalls the assistant's tool calls, empty otherwise
   * @param toolCallId for a {@code tool} message, the call it answers
   * @param name for a {@code tool} message, the tool's name
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TrajectoryMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId,
      String name) {

    public TrajectoryMessage {
      requireNonNull(role, "role");
      content = content == null ? "" : Secrets.redact(content);
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A system message. */
    public static TrajectoryMessage system(String text) {
      return new TrajectoryMessage("system", text, List.of(), null, null);
    }

    /** A user message. */
    public static TrajectoryMessage user(String text) {
      return new TrajectoryMessage("user", text, List.of(), null, null);
    }

    /** An assistant message with optional tool calls. */
    public static TrajectoryMessage assistant(String text, List<ToolCall> calls) {
      return new TrajectoryMessage("assistant", text, calls, null, null);
    }

    /** A tool result. */
    public static TrajectoryMessage tool(String callId, String tool, String result) {
      return new TrajectoryMessage("tool", result, List.of(), callId, tool);
    }

    /**
     * A tool call an assistant message asked for.
     *
     * @param id the call id
     * @param name the tool
     * @param arguments the JSON arguments
     */
    public record ToolCall(String id, String name, String arguments) {
      public ToolCall {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : Secrets.redact(arguments);
      }
    }
  }

  /**
   * Facts about a run that judges, rewards and exports use.
   *
   * @param model the chat model's name, or empty when unknown
   * @param totalTokens input plus output tokens over the run
   * @param cost the run's cost in the configured currency (0 when no price was configured)
   * @param toolsUsed the distinct tools called, in first-use order
   * @param errorCount failed tool calls plus one when the run itself failed
   * @param efficiency the share of steps that moved the run forward (successful tool calls and the answer), 0..1
   * @param status how the run ended (an {@code AgentStatus} name)
   * @param kind what kind of run it was, so comparable runs can be found: {@code task} (a plain task),
   *     {@code workflow:NAME}, {@code command:/NAME}, {@code mission:NAME} or {@code helper}; empty when unknown
   * @param diagnosticCodes the compiler error codes (such as {@code E0382}) the run dealt with, in first-seen order
   * @param parentRunId the run that spawned this one (a helper agent's parent, or the workflow whose
   *     model question this run was), or empty
   * @param tokens the run's tokens with prompt-cache writes and reads apart from the rest of the input
   */
  public record TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
      double efficiency, String status, String kind, List<String> diagnosticCodes, String parentRunId,
      Tokens tokens) {

    /**
     * Token counts as the Anthropic API reports them.
     *
     * @param input input tokens neither written to nor read from the prompt cache
     * @param cacheWrite input tokens written to the prompt cache
     * @param cacheRead input tokens read from the prompt cache
     * @param output output tokens
     */
    public record Tokens(long input, long cacheWrite, long cacheRead, long output) {
      private static final Tokens NONE = new Tokens(0, 0, 0, 0);

      public Tokens {
        if (input < 0 || cacheWrite < 0 || cacheRead < 0 || output < 0) {
          throw new IllegalArgumentException("token counts must not be negative");
        }
      }

      /** No tokens. */
      public static Tokens none() {
        return NONE;
      }

      /** All of them. */
      public long total() {
        return input + cacheWrite + cacheRead + output;
      }
    }

    /** Metadata whose token counts are not split by the prompt cache. */
    public TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
        double efficiency, String status, String kind, List<String> diagnosticCodes, String parentRunId) {
      this(model, totalTokens, cost, toolsUsed, errorCount, efficiency, status, kind, diagnosticCodes, parentRunId,
          Tokens.none());
    }

    public TrajectoryMetadata {
      tokens = tokens == null ? Tokens.none() : tokens;
      model = model == null ? "" : model;
      toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
      status = status == null ? "" : status;
      kind = kind == null ? "" : kind;
      diagnosticCodes = diagnosticCodes == null ? List.of() : List.copyOf(diagnosticCodes);
      parentRunId = parentRunId == null ? "" : parentRunId;
      if (totalTokens < 0 || cost < 0 || errorCount < 0) {
        throw new IllegalArgumentException("tokens, cost and error count must not be negative");
      }
      if (!(efficiency >= 0 && efficiency <= 1)) {
        throw new IllegalArgumentException("efficiency must be within 0..1: " + efficiency);
      }
    }

    /** Metadata of a run whose kind, error codes and parent are unknown. */
    public TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
        double efficiency, String status) {
      this(model, totalTokens, cost, toolsUsed, errorCount, efficiency, status, "", List.of(), "");
    }

    /** Metadata with nothing known. */
    public static TrajectoryMetadata empty() {
      return new TrajectoryMetadata("", 0, 0, List.of(), 0, 0, "");
    }

    /**
     * The key by which comparable runs are grouped: the kind and the first error code when the run had
     * one (the same workflow on the same error), else empty (group by objective instead).
     */
    public String comparisonKey() {
      return diagnosticCodes.isEmpty() || kind.isEmpty() ? "" : kind + "|" + diagnosticCodes.get(0);
    }
  }

  /** What the agent did in one {@link TrajectoryStep}: use a tool, answer, ask the user, or think. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = StepAction.UseTool.class, name = "use_tool"),
      @JsonSubTypes.Type(value = StepAction.Answer.class, name = "answer"),
      @JsonSubTypes.Type(value = StepAction.Ask.class, name = "ask"),
      @JsonSubTypes.Type(value = StepAction.Think.class, name = "think")
  })
  public sealed interface StepAction {

    /** A short human-readable form, used in patterns and logs. */
    String describe();

    /** A tool call with its JSON arguments. */
    record UseTool(String tool, String input) implements StepAction {
      public UseTool {
        requireNonNull(tool, "tool");
        input = Secrets.redact(requireNonNull(input, "input"));
      }

      @Override
      public String describe() {
        return tool + " " + input;
      }
    }

    /** The final answer. */
    record Answer(String text) implements StepAction {
      public Answer {
        text = Secrets.redact(requireNonNull(text, "text"));
      }

      @Override
      public String describe() {
        return "answer";
      }
    }

    /** A question back to the user (a final text that asks instead of answering). */
    record Ask(String question) implements StepAction {
      public Ask {
        question = Secrets.redact(requireNonNull(question, "question"));
      }

      @Override
      public String describe() {
        return "ask: " + question;
      }
    }

    /** Reasoning without acting. */
    record Think(String text) implements StepAction {
      public Think {
        text = Secrets.redact(requireNonNull(text, "text"));
      }

      @Override
      public String describe() {
        return "think";
      }
    }
  }
}
