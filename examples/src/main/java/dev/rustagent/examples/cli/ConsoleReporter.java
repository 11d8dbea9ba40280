package dev.rustagent.examples.cli;

import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.core.internal.TerminalText;
import java.io.PrintWriter;

/** Prints a run's steps to the terminal as they happen. */
final class ConsoleReporter implements AgentListener {
  private static final int SHOWN_RESULT_LINES = 12;
  private final PrintWriter out;
  private final boolean textStreamed;

  ConsoleReporter(PrintWriter out) {
    this(out, false);
  }

  /**
   * @param textStreamed whether the model's text already reaches the terminal as it streams (chat), so
   *     the reporter must not print it a second time
   */
  ConsoleReporter(PrintWriter out, boolean textStreamed) {
    this.out = out;
    this.textStreamed = textStreamed;
  }

  @Override
  public void onModelResponded(AgentEvent.ModelResponded event) {
    var ai = event.response().aiMessage();
    if (!textStreamed && ai.hasToolExecutionRequests() && ai.text() != null && !ai.text().isBlank()) {
      out.println("* " + TerminalText.safe(ai.text().strip()));
    }
    out.flush();
  }

  @Override
  public void onModelRetried(AgentEvent.ModelRetried event) {
    out.printf("  (model call failed: %s; retry %d in %d ms)%n", TerminalText.safe(event.error().getMessage()), event.attempt(),
        event.delay().toMillis());
    out.flush();
  }

  @Override
  public void onToolRequested(AgentEvent.ToolRequested event) {
    out.printf("> %s %s%n", TerminalText.safe(event.call().name()), TerminalText.safe(event.call().arguments()));
    out.flush();
  }

  @Override
  public void onPermissionDecided(AgentEvent.PermissionDecided event) {
    AgentStep.PermissionDecision d = event.decision();
    if (!d.allowed()) {
      out.printf("  x refused (%s)%n", TerminalText.safe(d.reason()));
    } else if (d.permission() != dev.rustagent.core.PermissionPolicy.Permission.ALLOW) {
      out.printf("  + %s%n", TerminalText.safe(d.reason()));
    }
    out.flush();
  }

  @Override
  public void onToolFinished(AgentEvent.ToolFinished event) {
    ToolResult result = event.outcome().result();
    String marker = result.isError() ? "  ! " : "  = ";
    String[] lines = TerminalText.safe(result.text()).split("\n", -1);
    for (int i = 0; i < Math.min(lines.length, SHOWN_RESULT_LINES); i++) {
      out.println(marker + lines[i]);
      marker = "    ";
    }
    if (lines.length > SHOWN_RESULT_LINES) {
      out.printf("    ... (%d more lines)%n", lines.length - SHOWN_RESULT_LINES);
    }
    out.flush();
  }
}
