package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code git} tool: {@code status}, {@code diff}, {@code log}, {@code show}, {@code blame},
 * {@code branch}, {@code add}, {@code commit}, {@code checkout}, {@code stash} and {@code apply}, run in
 * the workspace with an argument list. Reads are {@link Action#READ}; anything that changes the index,
 * history, branches or stash is {@link Action#GIT_WRITE}, and what rewrites working-tree files is also
 * {@link Action#MODIFY_CODE}. The subcommand comes first, so git's global options ({@code -c},
 * {@code -C}) cannot be given; each subcommand's options are allow-listed ({@link GitArguments}), so
 * options that would read or write files outside the workspace or run other programs are refused in
 * any spelling, and so is any path outside the workspace. Reads run with hooks and fsmonitor off;
 * a call that writes names the repository's hooks it will run as a risk, so it is always asked about.
 */
final class GitTool extends BuiltinTool {
  static final List<String> SUBCOMMANDS = List.of("status", "diff", "log", "show", "blame", "branch",
      "add", "commit", "checkout", "stash", "apply");
  private static final Set<String> READ_ONLY = Set.of("status", "diff", "log", "show", "blame");
  private static final Set<String> APPLY_REPORTS = Set.of("--stat", "--numstat", "--summary", "--check");
  /** Options that keep git from running configured programs (external diff, textconv filters). */
  private static final Map<String, List<String>> NO_PROGRAMS = Map.of(
      "diff", List.of("--no-ext-diff", "--no-textconv"), "log", List.of("--no-ext-diff", "--no-textconv"),
      "show", List.of("--no-ext-diff", "--no-textconv"), "blame", List.of("--no-textconv"));
  private static final Set<String> BRANCH_READS = Set.of("-l", "--list", "-a", "--all", "-r", "--remotes",
      "-v", "-vv", "--verbose", "--show-current", "--contains", "--merged", "--no-merged", "--no-color");

  private final BuiltinTools config;

  GitTool(BuiltinTools config) {
    super("git",
        "Runs git in the workspace repository. 'args' starts with the subcommand: one of " + SUBCOMMANDS
            + ", e.g. [\"diff\", \"--stat\"] or [\"commit\", \"-m\", \"Fix borrow error\"].",
        JsonObjectSchema.builder()
            .addProperty("args", stringArray("the git subcommand and its arguments"))
            .required("args")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    GitArguments.Checked checked = GitArguments.check(arguments.stringList("args"), null);
    List<String> args = checked.args();
    if (args.isEmpty() || checked.refusal() != null) {
      // refused when it runs; until then it counts as everything git can do
      return args.isEmpty() ? EnumSet.of(Action.READ) : EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
    }
    String sub = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (sub) {
      case "status", "diff", "log", "show", "blame" -> EnumSet.of(Action.READ);
      case "branch" -> rest.stream().allMatch(a -> BRANCH_READS.contains(a) || a.startsWith("--format")
          || a.startsWith("--sort")) && !rest.stream().anyMatch(a -> !a.startsWith("-"))
          ? EnumSet.of(Action.READ) : EnumSet.of(Action.GIT_WRITE);
      case "stash" -> !rest.isEmpty() && (rest.get(0).equals("list") || rest.get(0).equals("show"))
          ? EnumSet.of(Action.READ) : EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
      // --stat, --numstat, --summary and --check turn applying off, unless --apply turns it back on
      case "apply" -> rest.stream().anyMatch(APPLY_REPORTS::contains) && !rest.contains("--apply")
          ? EnumSet.of(Action.READ) : EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
      case "checkout" -> EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
      default -> EnumSet.of(Action.GIT_WRITE);
    };
  }

  /** Whether the call runs git without changing anything, so with hooks and fsmonitor off. */
  private static boolean readOnly(Set<Action> actions) {
    return actions.equals(EnumSet.of(Action.READ));
  }

  @Override
  public List<String> risks(ToolArguments arguments, ToolContext context) {
    Set<Action> actions = actions(arguments);
    if (readOnly(actions)) {
      return List.of();
    }
    List<String> hooks = GitHooks.installed(context.workspaceRoot());
    if (hooks.isEmpty()) {
      return List.of();
    }
    return List.of("git " + arguments.stringList("args").get(0) + " runs the repository's hooks, which are "
        + "programs in the workspace: " + String.join(", ", hooks));
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return "git " + String.join(" ", arguments.stringList("args"));
  }

  @Override
  public Optional<String> unavailableReason() {
    return missingProgram(config.git, "git");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    GitArguments.Checked checked = GitArguments.check(arguments.stringList("args"), context.workspaceRoot());
    if (checked.refusal() != null) {
      return ToolResult.failure(checked.refusal());
    }
    List<String> args = checked.args();
    Map<String, String> environment = new HashMap<>();
    // GIT_DIR, GIT_WORK_TREE, GIT_CONFIG_PARAMETERS, ... of the host would point git elsewhere
    config.environment.forEach((name, value) -> {
      if (!name.startsWith("GIT_")) {
        environment.put(name, value);
      }
    });
    environment.put("GIT_TERMINAL_PROMPT", "0");
    environment.put("GIT_PAGER", "cat");
    environment.put("PAGER", "cat");
    environment.put("GIT_EDITOR", "true");
    List<String> gitArgs = new ArrayList<>(List.of("--no-pager", "-c", "color.ui=false",
        "-c", "core.fsmonitor=false", "-c", "diff.external=", "-c", "core.pager=cat"));
    if (readOnly(actions(arguments))) {
      gitArgs.addAll(List.of("-c", "core.hooksPath=/dev/null"));
    }
    gitArgs.addAll(args);
    if (NO_PROGRAMS.containsKey(args.get(0))) {
      gitArgs.addAll(1 + gitArgs.size() - args.size(), NO_PROGRAMS.get(args.get(0)));
    }
    Ran ran = run(config, config.git, "git", gitArgs, environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    String output = outcome.combined();
    if (!outcome.succeeded()) {
      if (outcome.stderr().contains("not a git repository")) {
        return ToolResult.failure("the workspace " + context.workspaceRoot() + " is not a git repository "
            + "(git said: " + outcome.stderr().strip() + ")");
      }
      return capped(false, "git " + args.get(0) + " failed (exit code " + outcome.exitCode() + "):\n"
          + output + stopNote(outcome, context), context, null);
    }
    if (output.isBlank()) {
      output = "git " + args.get(0) + " succeeded with no output";
    }
    return capped(true, output + stopNote(outcome, context), context, null);
  }

  static boolean isReadOnly(String subcommand) {
    return READ_ONLY.contains(subcommand);
  }
}
