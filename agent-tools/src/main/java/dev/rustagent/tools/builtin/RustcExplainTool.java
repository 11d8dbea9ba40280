package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code rustc_explain} tool: {@code rustc --explain CODE}. Codes that are malformed or unknown
 * get a plain answer saying so; codes the compiler no longer emits are flagged at the top.
 */
final class RustcExplainTool extends BuiltinTool {
  private static final Pattern CODE = Pattern.compile("E?\\d{4}");
  private static final String NO_LONGER_EMITTED = "no longer emitted";

  private final BuiltinTools config;

  RustcExplainTool(BuiltinTools config) {
    super("rustc_explain",
        "Explains a Rust compiler error code (such as E0382) with the compiler's own long explanation "
            + "and examples.",
        JsonObjectSchema.builder()
            .addStringProperty("code", "the error code, e.g. E0382")
            .required("code")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  public Optional<String> unavailableReason() {
    return missingProgram(config.rustc, "rustc");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    String given = arguments.string("code").strip().toUpperCase(Locale.ROOT);
    if (!CODE.matcher(given).matches()) {
      return ToolResult.failure("'" + arguments.string("code") + "' is not a Rust error code; codes look "
          + "like E0382 (the letter E and four digits)");
    }
    String code = given.startsWith("E") ? given : "E" + given;
    Ran ran = run(config, config.rustc, "rustc", List.of("--explain", code), config.environment, context);
    if (ran.failure() != null) {
      return ran.failure();
    }
    ProcessRunner.Outcome outcome = ran.outcome();
    if (!outcome.succeeded()) {
      if (outcome.stderr().contains("not a valid error code")) {
        return ToolResult.failure(code + " is not a valid Rust error code: this compiler ("
            + "rustc) has no explanation for it. Check the code in the compiler's message.");
      }
      return ToolResult.failure("rustc --explain " + code + " failed: " + outcome.combined().strip()
          + stopNote(outcome, context));
    }
    String text = outcome.stdout().strip();
    if (text.contains(NO_LONGER_EMITTED)) {
      text = "Note: " + code + " is no longer emitted by the current compiler; the explanation below is "
          + "kept for reference.\n\n" + text;
    }
    return capped(true, text, context, null);
  }
}
