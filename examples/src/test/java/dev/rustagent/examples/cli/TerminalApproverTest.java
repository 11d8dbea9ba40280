package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TerminalApproverTest {
  private final StringWriter shown = new StringWriter();

  private TerminalApprover answering(String input) {
    return new TerminalApprover(new BufferedReader(new StringReader(input)), new PrintWriter(shown, true));
  }

  private static ApprovalRequest edit(String tool) {
    return new ApprovalRequest(tool, Set.of(Action.MODIFY_CODE), ToolArguments.parse("{\"path\":\"src/main.rs\"}"),
        "--- a/src/main.rs\n+++ b/src/main.rs\n-old\n+new");
  }

  @Test
  void showsTheDiffAndTakesYesAndNo() {
    TerminalApprover approver = answering("y\nn\n");

    assertThat(approver.approve(edit("edit_file"))).isTrue();
    assertThat(approver.approve(edit("edit_file"))).isFalse();
    assertThat(shown.toString()).contains("edit_file").contains("+new").contains("[a]lways");
  }

  @Test
  void alwaysAllowsLaterCallsOfThatToolOnly() {
    TerminalApprover approver = answering("always\nn\n");

    assertThat(approver.approve(edit("edit_file"))).isTrue();
    assertThat(approver.approve(edit("edit_file"))).isTrue();
    assertThat(approver.approve(edit("write_file"))).isFalse();
  }

  @Test
  void unclearAnswersAreAskedAgainAndEndOfInputRefuses() {
    TerminalApprover approver = answering("perhaps\nyes\n");

    assertThat(approver.approve(edit("edit_file"))).isTrue();
    assertThat(shown.toString()).contains("Please answer y, n or always");
    assertThat(approver.approve(edit("edit_file"))).isFalse();
    assertThat(shown.toString()).contains("no input: refused");
  }
}
