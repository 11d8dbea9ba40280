package dev.rustagent.tools;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Optional;
import java.util.Set;

/**
 * A capability the model can call: cargo, git, a file edit, ... Implementations must be thread-safe;
 * one instance serves every call.
 *
 * <p>The agent validates the model's arguments against {@link #parameters()} before anything else,
 * asks the permission gate about the {@link #actions actions} of the call, and only then calls
 * {@link #execute}. A tool reports failures it understands as {@link ToolResult.Failure}; an exception
 * thrown from {@code execute} is turned into a failure result by the agent.
 */
public interface Tool {

  /** The model-facing name: 1 to 64 characters of {@code [a-zA-Z0-9_-]}, unique in a registry. */
  String name();

  /** What the tool does, written for the model. */
  String description();

  /** The JSON schema of the arguments object. */
  JsonObjectSchema parameters();

  /**
   * The actions this particular call performs; {@code git status} reads while {@code git commit}
   * writes. Called only with arguments that passed schema validation.
   */
  Set<Action> actions(ToolArguments arguments);

  /**
   * Runs the call. Must honour {@link ToolContext#timeout()} and {@link ToolContext#cancellation()}
   * and stay inside {@link ToolContext#workspaceRoot()}.
   *
   * @throws Exception any failure the tool does not turn into a {@link ToolResult.Failure} itself
   */
  ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception;

  /**
   * The text permission patterns are matched against: for {@code shell(cargo test:*)} the command
   * line, for {@code edit_file(src/**)} the path. Defaults to the arguments as JSON.
   */
  default String permissionSubject(ToolArguments arguments) {
    return arguments.toJson();
  }

  /**
   * A readable description of the call for a human asked to approve it; file tools show the diff.
   * Must not change anything.
   */
  default String describe(ToolArguments arguments, ToolContext context) {
    return name() + " " + arguments.toJson();
  }

  /**
   * Why the tool cannot run on this machine (for example a program that is not installed), or empty
   * when it can. Unavailable tools are left out of the model's tool list.
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }
}
