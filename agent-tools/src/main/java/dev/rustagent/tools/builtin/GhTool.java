package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gh} tool: the GitHub CLI for issues and pull requests ({@code list}, {@code view},
 * {@code create}, {@code comment}, and for pull requests {@code diff}, {@code checks}, {@code status}).
 * Every call uses the network; creating or commenting also writes to the repository's host
 * ({@link Action#GIT_WRITE}). When gh is not installed the tool says so and is left out of the
 * model's tool list.
 */
final class GhTool extends BuiltinTool {
  private static final Set<String> SUBJECTS = Set.of("issue", "pr");
  private static final Set<String> VERBS = Set.of("list", "view", "create", "comment", "diff", "checks", "status");
  private static final Set<String> WRITES = Set.of("create", "comment");

  private final BuiltinTools config;

  GhTool(BuiltinTools config) {
    super("gh",
        "Runs the GitHub CLI for issues and pull requests: 'args' like [\"issue\", \"list\"], "
            + "[\"pr\", \"view\", \"12\"], [\"issue\", \"create\", \"--title\", \"...\", \"--body\", \"...\"].",
        JsonObjectSchema.builder()
            .addProperty("args", stringArray("'issue' or 'pr', the action, then its arguments"))
            .required("args")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    List<String> args = arguments.stringList("args");
    boolean writes = args.size() >= 2 && WRITES.contains(args.get(1));
    return writes ? EnumSet.of(Action.NETWORK, Action.GIT_WRITE) : EnumSet.of(Action.NETWORK);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return "gh " + String.join(" ", arguments.stringList("args"));
  }

  @Override
  public Optional<String> unavailableReason() {
    return missingProgram(config.gh, "the GitHub CLI (gh)");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    List<String> args = arguments.stringList("args");
    if (args.size() < 2 || !SUBJECTS.contains(args.get(0)) || !VERBS.contains(args.get(1))) {
      return ToolResult.failure("gh takes 'args' starting with 'issue' or 'pr' and one of " + VERBS
          + ", e.g. [\"issue\", \"list\"]; got " + args);
    }
    Map<String, String> environment = new HashMap<>(config.environment);
    environment.put("GH_PROMPT_DISABLED", "1");
    environment.put("GH_NO_UPDATE_NOTIFIER", "1");
    environment.put("NO_COLOR", "1");
    environment.put("GH_PAGER", "cat");
    Ran ran = run(config, config.gh, "the GitHub CLI (gh)", args, environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    String output = outcome.combined();
    if (!outcome.succeeded()) {
      return capped(false, "gh " + String.join(" ", args.subList(0, 2)) + " failed (exit code "
          + outcome.exitCode() + "):\n" + output + stopNote(outcome, context), context, null);
    }
    return capped(true, output.isBlank() ? "gh succeeded with no output" : output, context, null);
  }
}
