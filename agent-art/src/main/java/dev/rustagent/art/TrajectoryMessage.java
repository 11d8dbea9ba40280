package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.text.Secrets;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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
