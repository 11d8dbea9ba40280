package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Action;
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
 * {@code -C}) cannot be given; options that would read or write files outside the workspace or run
 * other programs ({@code --output}, {@code --no-index}, {@code --contents}, {@code --git-dir},
 * {@code --ext-diff}, {@code --exec}, ...) are refused.
 */
public final class GitTool extends BuiltinTool {
  static final List<String> SUBCOMMANDS = List.of("status", "diff", "log", "show", "blame", "branch",
      "add", "commit", "checkout", "stash", "apply");
  private static final Set<String> READ_ONLY = Set.of("status", "diff", "log", "show", "blame");
  private static final List<String> FORBIDDEN_PREFIXES = List.of("--git-dir", "--work-tree",
      "--exec", "--upload-pack", "--receive-pack", "--config-env", "--output", "--ext-diff", "--no-index",
      "--contents", "--unsafe-paths", "--template");
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
    List<String> args = arguments.stringList("args");
    if (args.isEmpty()) {
      return EnumSet.of(Action.READ);
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
      case "apply" -> rest.stream().anyMatch(a -> a.equals("--check") || a.equals("--stat")
          || a.equals("--numstat") || a.equals("--summary"))
          ? EnumSet.of(Action.READ) : EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
      case "checkout" -> EnumSet.of(Action.GIT_WRITE, Action.MODIFY_CODE);
      default -> EnumSet.of(Action.GIT_WRITE);
    };
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
    List<String> args = arguments.stringList("args");
    if (args.isEmpty() || !SUBCOMMANDS.contains(args.get(0))) {
      return ToolResult.failure("git needs a subcommand first in 'args', one of " + SUBCOMMANDS
          + (args.isEmpty() ? "" : "; got '" + args.get(0) + "'"));
    }
    for (String arg : args) {
      for (String forbidden : FORBIDDEN_PREFIXES) {
        if (arg.equals(forbidden) || arg.startsWith(forbidden + "=")
            || forbidden.equals("--exec") && arg.startsWith("--exec")) {
          return ToolResult.failure("git option '" + arg + "' is not allowed: it would make git read or "
              + "write outside the workspace, or run another program");
        }
      }
    }
    Map<String, String> environment = new HashMap<>(config.environment);
    environment.put("GIT_TERMINAL_PROMPT", "0");
    environment.put("GIT_PAGER", "cat");
    environment.put("PAGER", "cat");
    environment.put("GIT_EDITOR", "true");
    List<String> gitArgs = new ArrayList<>(List.of("--no-pager", "-c", "color.ui=false"));
    gitArgs.addAll(args);
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
