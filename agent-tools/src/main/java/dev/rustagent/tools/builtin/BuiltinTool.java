package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.Programs;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the built-in tools share: name, description, schema, and running a program safely. */
abstract class BuiltinTool implements Tool {
  private final String name;
  private final String description;
  private final JsonObjectSchema parameters;

  BuiltinTool(String name, String description, JsonObjectSchema parameters) {
    this.name = name;
    this.description = description;
    this.parameters = parameters;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final JsonObjectSchema parameters() {
    return parameters;
  }

  @Override
  public final ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
    try {
      return call(arguments, context);
    } catch (WorkspacePaths.PathOutsideWorkspaceException e) {
      return ToolResult.failure(e.getMessage());
    }
  }

  /** Runs the call; paths outside the workspace are turned into failure results by the caller. */
  abstract ToolResult call(ToolArguments arguments, ToolContext context) throws Exception;

  @Override
  public String toString() {
    return name;
  }

  static JsonArraySchema stringArray(String description) {
    return JsonArraySchema.builder().description(description).items(new JsonStringSchema()).build();
  }

  /** The reason a program is missing, or empty when it is installed. */
  static Optional<String> missingProgram(String program, String what) {
    if (Programs.find(program).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(what + " is not installed: '" + program + "' was not found"
        + (program.contains("/") ? "" : " on the PATH or in ~/.cargo/bin"));
  }

  /** The outcome of a program, or a failure result saying why it could not run. */
  record Ran(ProcessRunner.Outcome outcome, ToolResult failure) {}

  static Ran run(BuiltinTools config, String program, String what, List<String> args, Map<String, String> environment,
      ToolContext context) throws InterruptedException {
    String located = program.contains("/") && !Path.of(program).isAbsolute()
        ? context.workspaceRoot().resolve(program).normalize().toString() : program;
    Optional<Path> resolved = Programs.find(located);
    if (resolved.isEmpty()) {
      return new Ran(null, ToolResult.failure(missingProgram(program, what).orElseThrow()));
    }
    List<String> argv = new ArrayList<>();
    argv.add(resolved.get().toString());
    argv.addAll(args);
    context.logger().debug("running {} in {}", argv, context.workspaceRoot());
    try {
      ProcessRunner.Outcome outcome = ProcessRunner.run(
          new ProcessRunner.Command(argv, context.workspaceRoot(), environment, null, config.allowedCredentials),
          context.timeout(), context.cancellation(), ProcessRunner.DEFAULT_CAPTURE_LIMIT);
      return new Ran(outcome, null);
    } catch (ProcessRunner.StartException e) {
      return new Ran(null, ToolResult.failure(what + " could not be started: " + e.getMessage()));
    }
  }

  /** A sentence about how the process ended when it did not end by itself, or empty. */
  static String stopNote(ProcessRunner.Outcome outcome, ToolContext context) {
    if (outcome.timedOut()) {
      return "\n[stopped: the command did not finish within " + context.timeout().toSeconds()
          + " s; its whole process tree was killed]";
    }
    if (outcome.cancelled()) {
      return "\n[stopped: the run was cancelled; the process tree was killed]";
    }
    return "";
  }

  static ToolResult capped(boolean success, String text, ToolContext context, Object payload) {
    return ToolResult.capped(success, text, context.outputCap(), payload);
  }
}
