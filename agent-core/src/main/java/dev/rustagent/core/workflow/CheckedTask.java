package dev.rustagent.core.workflow;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;

/**
 * The engine of the writing workflows: for each stage, the agent does the work with its tools (behind
 * the permission gate), cargo checks it, and failures go back to the agent until the check passes or
 * the round cap is reached.
 */
final class CheckedTask {
  private static final int MAX_FEEDBACK_CHARS = 6_000;

  /** One stage: what to ask, and the cargo subcommand that checks it ({@code check}, {@code test}, ...). */
  record Stage(String name, String prompt, String cargoSubcommand) {}

  private CheckedTask() {}

  static WorkflowResult run(Agent agent, String workflow, List<Stage> stages, int maxRounds,
      WorkflowListener listener, CancellationToken cancellation) {
    Recorder rec = new Recorder(workflow, listener);
    int rounds = 0;
    try {
      if (!DebuggingWorkflow.hasTool(agent, DebuggingWorkflow.CHECK_TOOL)) {
        return rec.result(WorkflowStatus.FAILED, DebuggingWorkflow.missing(agent, DebuggingWorkflow.CHECK_TOOL), 0);
      }
      for (Stage stage : stages) {
        String prompt = stage.prompt();
        Set<String> openHere = new LinkedHashSet<>();
        int round = 0;
        while (true) {
          cancellation.throwIfCancelled();
          round++;
          rounds++;
          rec.step(WorkflowStep.Kind.MODEL, stage.name() + " (round " + round + "): " + abbreviate(prompt, 300));
          AgentResult result = agent.run(prompt, StreamingHandler.NONE, cancellation);
          for (AgentStep.PermissionDecision d : result.steps(AgentStep.PermissionDecision.class)) {
            rec.step(WorkflowStep.Kind.PERMISSION, d.tool() + " " + d.actions() + ": "
                + (d.allowed() ? "allowed" : "refused") + " (" + d.reason() + ")");
          }
          for (AgentStep.ToolOutcome o : result.steps(AgentStep.ToolOutcome.class)) {
            if (!o.result().isError()) {
              rec.step(WorkflowStep.Kind.APPLY, o.tool() + ": " + abbreviate(o.result().text(), 200));
            }
          }
          switch (result.status()) {
            case CANCELLED -> throw new CancellationException("cancelled during " + stage.name());
            case FAILED -> {
              return rec.result(WorkflowStatus.FAILED, stage.name() + ": the model failed: "
                  + result.failureCause().map(Throwable::getMessage).orElse("unknown"), rounds);
            }
            case PERMISSION_DENIED -> {
              return rec.result(WorkflowStatus.PERMISSION_DENIED, stage.name() + ": a change was refused.", rounds);
            }
            default -> { }
          }
          ToolCallResult check = agent.callTool(DebuggingWorkflow.CHECK_TOOL,
              Map.of("subcommand", stage.cargoSubcommand()), cancellation);
          if (check.refused()) {
            rec.step(WorkflowStep.Kind.PERMISSION, check.decisionText());
            return rec.result(WorkflowStatus.PERMISSION_DENIED, "cargo " + stage.cargoSubcommand()
                + " was not allowed to run.", rounds);
          }
          Optional<String> cargoFailure = check.problems().flatMap(dev.rustagent.tools.ProblemReport::toolFailure);
          if (cargoFailure.isPresent()) {
            rec.step(WorkflowStep.Kind.CHECK, "cargo " + stage.cargoSubcommand() + " failed without a compiler error");
            return rec.result(WorkflowStatus.FAILED, stage.name() + ": cargo " + stage.cargoSubcommand()
                + " failed; nothing was checked. cargo said:\n" + abbreviate(cargoFailure.get().strip(), 2_000), rounds);
          }
          List<String> problems = problems(check);
          rec.step(WorkflowStep.Kind.CHECK, "cargo " + stage.cargoSubcommand() + ": "
              + (problems.isEmpty() ? "passed" : problems.size() + " problem(s)"));
          Set<String> now = new LinkedHashSet<>(problems);
          for (String key : List.copyOf(openHere)) {
            if (!now.contains(key)) {
              rec.fixed(key, "fixed by the model in round " + round + " of " + stage.name());
              openHere.remove(key);
            }
          }
          for (String p : problems) {
            if (!rec.isOpen(p)) {
              rec.met(p, p);
              rec.step(WorkflowStep.Kind.DIAGNOSTIC, p);
            }
            openHere.add(p);
          }
          if (problems.isEmpty()) {
            break;
          }
          if (round >= maxRounds) {
            return rec.result(WorkflowStatus.UNRESOLVED, stage.name() + ": cargo " + stage.cargoSubcommand()
                + " still fails after " + round + " round(s).", rounds);
          }
          prompt = "`cargo " + stage.cargoSubcommand() + "` fails after your change:\n"
              + abbreviate(String.join("\n", problems) + "\n\n" + check.result().text(), MAX_FEEDBACK_CHARS)
              + "\n\nFix the code so it passes. The original request was:\n" + stage.prompt();
        }
      }
      return rec.result(WorkflowStatus.SUCCEEDED, "Done in " + rounds + " round(s); every check passed.", rounds);
    } catch (CancellationException e) {
      rec.step(WorkflowStep.Kind.NOTE, "cancelled");
      return rec.result(WorkflowStatus.CANCELLED, "Cancelled after " + rounds + " round(s).", rounds);
    } catch (RuntimeException e) {
      return rec.result(WorkflowStatus.FAILED, "Failed: " + e, rounds);
    }
  }

  /** The problems a check reported: errors and failed tests; the tool's text when it failed otherwise. */
  private static List<String> problems(ToolCallResult check) {
    List<String> problems = new ArrayList<>(check.problems().map(ProblemReport::failures).orElse(List.of()));
    if (problems.isEmpty() && check.result().isError()) {
      problems.add("cargo failed: " + abbreviate(check.result().text().strip(), 500));
    }
    return problems;
  }

  static String abbreviate(String text, int max) {
    return DebuggingWorkflow.abbreviate(text, max);
  }
}
