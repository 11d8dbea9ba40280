package dev.rustagent.examples.cli;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.Approver;
import dev.rustagent.core.orchestrator.Orchestrator;
import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.examples.cli.tui.AgentPanel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code rust-agent chat} on a terminal: the same agent, orchestrator and memory as the line mode, shown
 * in the full-screen {@link AgentPanel}. The orchestrator watches {@code knowledge_base.json} and
 * {@code progress.json} in the data directory; the open objectives of {@code progress.json} go into
 * each turn's context (as the session's editor objectives).
 */
final class ChatPanel {
  private ChatPanel() {}

  static int run(ChatCommand chat) throws IOException {
    Path root = chat.options.workspace(chat.spec);
    AgentConfig config = chat.options.config(chat.spec);
    try (AgentPanel panel = AgentPanel.open(root, RustAgentCli.colour(chat.spec))) {
      PrintWriter out = panel.writer();
      Approver approver = chat.options.answersForUser() ? chat.options.approver(chat.spec, null, out) : panel.approver();
      try (Invocation invocation = Invocation.open(chat.spec, chat.options, config,
          new Invocation.Demo(ChatCommand::startDemoServer, true, "workspace: " + root), out)) {
        Agent agent = invocation.agent().tools(invocation.tools()).workspace(root).approver(approver)
            .listener(new ConsoleReporter(out, true)).build();
        invocation.startBackgroundTraining(out);
        try (Orchestrator orchestrator = ChatCommand.orchestrator(agent, approver, out, chat.options,
            invocation.memory()).start()) {
          AgentSession session = orchestrator.agent().newSession();
          return panel.run(orchestrator, session,
              (line, lastRunId) -> ChatCommand.feedback(invocation.art(), lastRunId, line.substring("/feedback".length())));
        }
      } catch (Invocation.UnavailableException e) {
        chat.spec.commandLine().getErr().println(TerminalText.safe(e.getMessage()));
        return RustAgentCli.EXIT_FAILED;
      }
    }
  }
}
