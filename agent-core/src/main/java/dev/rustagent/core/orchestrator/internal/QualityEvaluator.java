package dev.rustagent.core.orchestrator.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import dev.rustagent.core.orchestrator.internal.QualityCase;

/**
 * Runs {@link QualityCase}s against an agent and reports accuracy, compile rate and test pass rate.
 * Code cases are judged with the agent's {@code cargo} tool on its workspace, through its permission
 * gate (allow RUN_COMMAND for unattended runs). Cases run one after another in the same workspace;
 * reset it between evaluations if cases must not see each other's files.
 */
public final class QualityEvaluator {
  private final Agent agent;

  private QualityEvaluator(Agent agent) {
    this.agent = agent;
  }

  /** An evaluator for this agent. */
  public static QualityEvaluator of(Agent agent) {
    return new QualityEvaluator(requireNonNull(agent, "agent"));
  }

  /** Runs the cases in order; never throws for what a case does. */
  public QualityReport evaluate(List<QualityCase> cases) {
    requireNonNull(cases, "cases");
    List<QualityReport.Outcome> outcomes = new ArrayList<>();
    for (QualityCase c : cases) {
      outcomes.add(evaluate(requireNonNull(c, "case")));
    }
    return new QualityReport(outcomes);
  }

  private QualityReport.Outcome evaluate(QualityCase c) {
    AgentResult run = agent.run(c.prompt());
    boolean answerCase = c instanceof QualityCase.AnswerMatches;
    boolean testsCase = c instanceof QualityCase.TestsPass;
    if (run.status() == AgentStatus.FAILED) {
      String why = "the run failed: " + run.failureCause().map(Throwable::getMessage).orElse("unknown");
      return new QualityReport.Outcome(c, false, answerCase ? null : false, testsCase ? false : null, why);
    }
    if (c instanceof QualityCase.AnswerMatches a) {
      Matcher m = a.expected().matcher(run.answer());
      return m.find() ? new QualityReport.Outcome(c, true, null, null, "matched '" + m.group() + "'")
          : new QualityReport.Outcome(c, false, null, null, "no match of /" + a.expected() + "/ in the answer");
    }
    String errors = cargo("check");
    if (!testsCase) {
      return new QualityReport.Outcome(c, errors.isEmpty(), errors.isEmpty(), null,
          errors.isEmpty() ? "cargo check passed" : errors);
    }
    if (!errors.isEmpty()) {
      return new QualityReport.Outcome(c, false, false, false, errors);
    }
    String failures = cargo("test");
    return new QualityReport.Outcome(c, failures.isEmpty(), true, failures.isEmpty(),
        failures.isEmpty() ? "cargo test passed" : failures);
  }

  /** Runs cargo; returns the problems, empty when it passed. */
  private String cargo(String subcommand) {
    ToolCallResult call = agent.callTool("cargo", Map.of("subcommand", subcommand), CancellationToken.create());
    if (call.refused()) {
      return "cargo " + subcommand + " was not allowed: " + call.decision().reason();
    }
    List<String> problems = call.problems().map(ProblemReport::failures).orElse(List.of());
    if (!problems.isEmpty()) {
      return String.join("\n", problems);
    }
    return call.result().isError() ? "cargo " + subcommand + " failed: " + call.result().text() : "";
  }
}
