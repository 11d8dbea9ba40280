package dev.rustagent.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.Approver;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.orchestrator.Orchestrator;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.core.internal.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rust-agent chat}: a terminal conversation. Plain lines go to the agent and its answer streams
 * back; lines starting with {@code /} are slash commands ({@code /help} lists them); permission
 * questions are asked inline. {@code /quit} or end of input ends the chat.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = "Chat with the Rust-expert agent; slash commands such as /debug and /explain work here.")
final class ChatCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AgentOptions options = new AgentOptions();

  @picocli.CommandLine.Option(names = "--plain", description = "Plain line mode even on a terminal (no full-screen panel).")
  boolean plain;

  /** Where lines are read from; the terminal unless a test sets it. */
  BufferedReader input;

  @Override
  public Integer call() throws IOException {
    if (input == null && dev.rustagent.examples.cli.tui.AgentPanel.wanted(plain)) {
      return ChatPanel.run(this);
    }
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader in = input != null ? input
        : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Approver approver = options.approver(spec, in, out);
    Path root = options.workspace(spec);
    AgentConfig config = options.config(spec);
    try (Invocation invocation = Invocation.open(spec, options, config,
        new Invocation.Demo(ChatCommand::startDemoServer, true, "workspace: " + root))) {
      Agent agent = invocation.agent().tools(invocation.tools()).workspace(root).approver(approver)
          .listener(new ConsoleReporter(out, true)).build();
      invocation.startBackgroundTraining(spec.commandLine().getErr());
      return converse(agent, approver, invocation, in, out);
    } catch (Invocation.UnavailableException e) {
      spec.commandLine().getErr().println(TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
  }

  private int converse(Agent agent, Approver approver, Invocation invocation, BufferedReader in, PrintWriter out)
      throws IOException {
    ArtRecording art = invocation.art();
    String lastRunId = null;
    try (Orchestrator orchestrator = orchestrator(agent, approver, out, options, invocation.memory()).start();
        CtrlC ctrlC = CtrlC.install(spec.commandLine().getErr())) {
      AgentSession session = orchestrator.agent().newSession();
      out.println("Type a question, a slash command (/help lists them), or /quit."
          + (art == null ? "" : " /feedback good|bad [comment] rates the last answer (it is recorded for learning)."));
      while (true) {
        out.print("you> ");
        out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/quit") || line.strip().equals("/exit")) {
          out.println();
          out.println("bye");
          out.flush();
          return RustAgentCli.EXIT_OK;
        }
        if (line.isBlank()) {
          continue;
        }
        if (line.strip().startsWith("/feedback")) {
          out.println(TerminalText.safe(feedback(art, lastRunId, line.strip().substring("/feedback".length()))));
        } else if (SlashCommands.isCommand(line)) {
          CommandOutcome outcome = orchestrator.commands().execute(line);
          out.println(TerminalText.safe(outcome instanceof CommandOutcome.Failed ? "failed: " + outcome.text() : outcome.text()));
        } else {
          session.editorContext(session.editorContext().withObjectives(orchestrator.objectives()));
          out.print("agent> ");
          StreamedText streamed = new StreamedText(out);
          CancellationToken turn = ctrlC.start();
          AgentResult result;
          try {
            result = session.run(line, streamed, turn);
          } finally {
            ctrlC.finished(turn);
            streamed.finish();
          }
          out.println();
          lastRunId = result.runId();
          if (!result.isSuccess()) {
            out.println("[" + result.status() + "]" + result.failureCause().map(f -> " " + TerminalText.safe(f.getMessage())).orElse(""));
          }
        }
        out.flush();
      }
    }
  }

  /**
   * The chat's orchestrator (not started): the agent's commands and helpers, with the data directory's
   * {@code knowledge_base.json} and {@code progress.json} watched (the knowledge base goes into the
   * context, and each turn takes the open objectives of {@code progress.json}). No data directory in
   * demo mode. With a memory, {@code /explain} records each explanation there as a concept learned
   * (counted in the learning metrics).
   */
  static Orchestrator orchestrator(Agent agent, Approver approver, PrintWriter out, AgentOptions options,
      dev.rustagent.memory.AgentMemory memory) {
    Orchestrator.Builder builder = Orchestrator.builder().agent(agent).approver(approver)
        .workflowListener(new WorkflowPrinter(out));
    if (memory != null) {
      builder.conceptRecorder(dev.rustagent.memory.MemoryPlugin.MemoryConceptRecorder.of(memory));
    }
    if (!options.demo()) {
      builder.dataDirectory(options.dataDir());
    }
    return builder.build();
  }

  /**
   * Prints the model's streamed text once, a line at a time, through {@link TerminalText#safe}: a
   * line is complete before it is shown, so a secret or an escape sequence split over several
   * tokens is still redacted or made visible.
   */
  static final class StreamedText implements StreamingHandler {
    private final PrintWriter out;
    private final StringBuilder pending = new StringBuilder();

    StreamedText(PrintWriter out) {
      this.out = out;
    }

    @Override
    public synchronized void onToken(String token) {
      pending.append(token);
      int end = pending.lastIndexOf("\n");
      if (end >= 0) {
        out.print(TerminalText.safe(pending.substring(0, end + 1)));
        pending.delete(0, end + 1);
        out.flush();
      }
    }

    /**
     * Ends the model's turn: what is left of its text is printed, so tool lines start on a line of their
     * own. A retried model call starts its text again: the unfinished line of the broken attempt is
     * dropped instead of being printed next to the new one.
     */
    @Override
    public synchronized void onEvent(AgentEvent event) {
      if (event instanceof AgentEvent.ModelRetried) {
        pending.setLength(0);
        return;
      }
      if (event instanceof AgentEvent.ModelResponded responded && responded.response().aiMessage()
          .hasToolExecutionRequests()) {
        finish();
        out.println();
        out.flush();
      }
    }

    /** Prints what is left of the last line. */
    synchronized void finish() {
      if (pending.length() > 0) {
        out.print(TerminalText.safe(pending.toString()));
        pending.setLength(0);
      }
      out.flush();
    }
  }

  /** {@code /feedback good|bad [comment]} on the last answer; the reply says what happened. */
  static String feedback(ArtRecording art, String lastRunId, String args) {
    if (art == null) {
      return "feedback is recorded only when ART is set up (rust-agent art init) and --no-art is not given";
    }
    if (lastRunId == null) {
      return "nothing to rate yet: /feedback rates the last answer";
    }
    String rest = args.strip();
    int space = rest.indexOf(' ');
    String verdict = space < 0 ? rest : rest.substring(0, space);
    String comment = space < 0 ? "" : rest.substring(space + 1);
    try {
      dev.rustagent.art.Trajectory t = art.feedback(new dev.rustagent.art.TrajectoryStore.Feedback(lastRunId,
          dev.rustagent.art.TrajectoryStore.Feedback.Verdict.parse(verdict), comment, java.time.Instant.now()));
      return "thanks: run " + t.id() + " is now rated " + verdict.strip().toLowerCase(java.util.Locale.ROOT)
          + " (reward " + t.reward() + ")";
    } catch (IllegalArgumentException | dev.rustagent.art.ArtConfig.ArtException e) {
      return "usage: /feedback good|bad [comment] (" + e.getMessage() + ")";
    }
  }

  /** A fake Anthropic server that says it is scripted and repeats the latest question. */
  static FakeAnthropicServer startDemoServer() {
    FakeAnthropicServer server = FakeAnthropicServer.start();
    server.respondWith(request -> FakeResponse.text("(demo model) I am scripted, so I can only echo: \""
        + lastUserText(request.json()) + "\". Start a Claude proxy and leave out --demo for real answers."));
    return server;
  }

  private static String lastUserText(JsonNode body) {
    String last = "";
    for (JsonNode message : body.path("messages")) {
      if (!"user".equals(message.path("role").asText())) {
        continue;
      }
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        last = content.asText();
      } else {
        for (JsonNode block : content) {
          if ("text".equals(block.path("type").asText())) {
            last = block.path("text").asText();
          }
        }
      }
    }
    return last;
  }
}
