package dev.rustagent.core.orchestrator;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.orchestrator.Trigger.TriggerHandler;
import dev.rustagent.core.orchestrator.Trigger.TriggerResult;

/**
 * The handler each trigger kind has unless the host replaces it: saves and periodic checks run
 * {@code cargo check} and raise a compile error or success; a compile error runs the debugging
 * workflow when auto-fix is on; a query is a conversation turn; a slash command runs through the
 * commands; a knowledge gap is explained in learning mode; a new Rust version goes into the context.
 */
final class DefaultTriggerHandlers {
  private static final Logger log = LoggerFactory.getLogger(DefaultTriggerHandlers.class);

  private final Orchestrator orchestrator;

  private DefaultTriggerHandlers(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  static Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> of(Orchestrator orchestrator) {
    DefaultTriggerHandlers d = new DefaultTriggerHandlers(orchestrator);
    Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> h = new HashMap<>();
    h.put(Trigger.FilesSaved.class, (TriggerHandler<Trigger.FilesSaved>) d::check);
    h.put(Trigger.PeriodicCheck.class, (TriggerHandler<Trigger.PeriodicCheck>) d::periodic);
    h.put(Trigger.CompileError.class, (TriggerHandler<Trigger.CompileError>) d::compileError);
    h.put(Trigger.CompileSuccess.class, (TriggerHandler<Trigger.CompileSuccess>) t ->
        TriggerResult.done(t, "cargo check is clean", null));
    h.put(Trigger.UserQuery.class, (TriggerHandler<Trigger.UserQuery>) d::query);
    h.put(Trigger.SlashCommandEntered.class, (TriggerHandler<Trigger.SlashCommandEntered>) d::command);
    h.put(Trigger.KnowledgeGap.class, (TriggerHandler<Trigger.KnowledgeGap>) d::knowledgeGap);
    h.put(Trigger.RustVersionChanged.class, (TriggerHandler<Trigger.RustVersionChanged>) d::rustVersionChanged);
    return h;
  }

  /** The latency key: the command name for slash commands ({@code /debug}), else the trigger kind. */
  static String latencyKey(Trigger trigger) {
    if (trigger instanceof Trigger.SlashCommandEntered command) {
      String line = command.line().strip();
      int end = 1;
      while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
        end++;
      }
      return line.startsWith("/") && end > 1 ? line.substring(0, end) : "SlashCommandEntered";
    }
    return trigger.getClass().getSimpleName();
  }

  private TriggerResult periodic(Trigger.PeriodicCheck t) {
    try {
      orchestrator.checkRustVersion();
    } catch (RuntimeException e) {
      log.info("periodic check: cannot tell the Rust version: {}", e.getMessage());
    }
    return check(t);
  }

  /** Runs cargo check through the gate and hands the outcome to the compile error or success handler. */
  private TriggerResult check(Trigger t) {
    ToolCallResult call = orchestrator.agent().callTool("cargo", Map.of("subcommand", "check"),
        CancellationToken.create());
    if (call.refused()) {
      return TriggerResult.failed(t, "cargo check was not allowed: " + call.decision().reason());
    }
    java.util.Optional<String> cargoFailure = call.problems().flatMap(ProblemReport::toolFailure);
    if (cargoFailure.isPresent()) {
      return TriggerResult.failed(t, "cargo check failed; nothing was checked. cargo said:\n"
          + cargoFailure.get().strip());
    }
    List<String> errors = call.problems().map(ProblemReport::errors).orElse(List.of()).stream()
        .map(dev.rustagent.tools.ProblemReport.CompilerDiagnostic::summary).toList();
    if (errors.isEmpty() && call.result().isError()) {
      errors = List.of(call.result().text());
    }
    Trigger next = errors.isEmpty() ? new Trigger.CompileSuccess() : new Trigger.CompileError(errors);
    TriggerResult outcome = orchestrator.handle(next);
    String what = t instanceof Trigger.FilesSaved saved ? saved.paths().size() + " saved file(s) checked: " : "checked: ";
    return new TriggerResult(t, outcome.succeeded(), what + outcome.summary(), outcome);
  }

  private TriggerResult compileError(Trigger.CompileError t) {
    if (!orchestrator.config().autoFixErrors()) {
      return TriggerResult.done(t, t.problems().size() + " compile error(s); type /debug to fix them", null);
    }
    WorkflowResult result = orchestrator.runWorkflow(
        DebuggingWorkflow.builder().agent(orchestrator.agent()).autoFix(true).build());
    return new TriggerResult(t, result.succeeded(), result.summary(), result);
  }

  private TriggerResult query(Trigger.UserQuery t) throws Exception {
    AgentResult result = orchestrator.converse(t.text());
    return new TriggerResult(t, result.isSuccess(), result.answer(), result);
  }

  private TriggerResult command(Trigger.SlashCommandEntered t) {
    CommandOutcome outcome = orchestrator.commands().execute(t.line());
    return new TriggerResult(t, outcome instanceof CommandOutcome.Completed, outcome.text(), outcome);
  }

  private TriggerResult knowledgeGap(Trigger.KnowledgeGap t) {
    if (!orchestrator.config().learningMode()) {
      return TriggerResult.done(t, "learning mode is off; '" + t.topic() + "' not explained", null);
    }
    WorkflowResult result = orchestrator.explain(t.topic(), LearningWorkflow.Level.INTERMEDIATE);
    return new TriggerResult(t, result.succeeded(), result.summary(), result);
  }

  private TriggerResult rustVersionChanged(Trigger.RustVersionChanged t) {
    orchestrator.noteKnowledge("rust toolchain", t.current() + " (was " + t.previous() + ")");
    return TriggerResult.done(t, "Rust changed from '" + t.previous() + "' to '" + t.current()
        + "'; the toolchain version is now in the agent's context", null);
  }
}
