package dev.rustagent.tools;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
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
   * What this call may do that a policy must never wave through: a write under {@code .git/} (git's
   * configuration and hooks run code), to code that runs at build time ({@code build.rs},
   * {@code .cargo/config.toml}, {@code Cargo.toml}'s build settings), or a git command that runs the
   * repository's hooks. The permission gate asks the approver about a call with risks even when the
   * policy allows its actions, and shows each risk. Must not change anything; defaults to none.
   */
  default List<String> risks(ToolArguments arguments, ToolContext context) {
    return List.of();
  }

  /**
   * The workspace files (or directories) this call reads or writes, as the arguments name them
   * (relative to the workspace or absolute), so a host can tell whether a call touches a file it holds
   * unsaved changes of. The default is the call's {@code path} argument when it has one; a tool whose
   * calls name files otherwise (a patch, a list) overrides it. Empty means the call names no file; the
   * agent then assumes a call that modifies code may touch any file. Must not change anything.
   */
  default List<String> paths(ToolArguments arguments) {
    return arguments.optionalString("path").map(List::of).orElse(List.of());
  }

  /**
   * Why the tool cannot run on this machine (for example a program that is not installed), or empty
   * when it can. Unavailable tools are left out of the model's tool list.
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * What a single tool call does to the world. The permission gate decides per action whether a call
   * may run, must be approved, or is refused; a call may perform several actions at once.
   */
  public enum Action {
    /** Reads the workspace or the toolchain without changing anything. */
    READ,
    /** Creates, changes or deletes files in the workspace. */
    MODIFY_CODE,
    /** Runs a program (cargo, a shell command, ...). */
    RUN_COMMAND,
    /** Writes to git: commits, checkouts, stashes, branch changes, applied patches. */
    GIT_WRITE,
    /** Talks to a host other than this machine (crates.io, GitHub). */
    NETWORK
  }
}
