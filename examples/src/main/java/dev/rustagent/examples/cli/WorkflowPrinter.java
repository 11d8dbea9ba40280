package dev.rustagent.examples.cli;

import dev.rustagent.core.workflow.Workflow.Problem;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.internal.TerminalText;
import java.io.PrintWriter;

/** Prints a workflow's steps as they happen (trace steps appear only when the workflow traces), and its result. */
final class WorkflowPrinter implements WorkflowListener {
  private final PrintWriter out;

  WorkflowPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onStep(WorkflowStep step) {
    String detail = TerminalText.safe(step.detail().strip());
    switch (step.kind()) {
      case CHECK -> out.println("== " + detail);
      case DIAGNOSTIC -> indented(detail);
      case EXPLANATION -> {
        out.println("-- explanation");
        indented(detail);
      }
      case MODEL -> out.println("-- " + detail);
      case PROPOSAL -> {
        out.println("-- proposed change");
        indented(detail);
      }
      case PERMISSION -> out.println("   permission: " + detail);
      case APPLY -> out.println("-- " + detail);
      case NOTE -> out.println("   note: " + detail);
      case TRACE -> indented(detail);
    }
    out.flush();
  }

  private void indented(String text) {
    text.lines().forEach(line -> out.println("   " + line));
  }

  void printResult(WorkflowResult result) {
    out.println();
    out.printf("[%s] %s%n", result.status(), TerminalText.safe(result.summary()));
    for (Problem p : result.problems()) {
      out.println((p.fixed() ? "  fixed: " : "  open:  ") + TerminalText.safe(p.description())
          + p.resolutionText().map(r -> "\n         -> " + TerminalText.safe(r)).orElse(""));
    }
    out.flush();
  }
}
