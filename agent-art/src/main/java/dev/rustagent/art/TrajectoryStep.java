package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.text.Secrets;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
