package dev.rustagent.examples.cli;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.Approver;
import dev.rustagent.core.RustExpert;
import dev.rustagent.core.StreamingHandler;
import dev.rustagent.core.command.CommandOutcome;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.orchestrator.Orchestrator;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
  ModelOptions model = new ModelOptions();

  @Option(names = "--workspace", paramLabel = "DIR", description = "The Rust workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--approve", paramLabel = "ask|all|none", defaultValue = "ask",
      description = "ask: prompt inline; all: approve every call; none: refuse what needs approval. Default: ${DEFAULT-VALUE}.")
  String approve;

  /** Where lines are read from; the terminal unless a test sets it. */
  BufferedReader input;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader in = input != null ? input
        : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Approver approver = switch (approve) {
      case "ask" -> new TerminalApprover(in, out);
      case "all" -> Approver.approveAll();
      case "none" -> Approver.denyAll();
      default -> throw new ParameterException(spec.commandLine(),
          "--approve must be ask, all or none, not '" + approve + "'");
    };
    Path root = workspace == null ? Path.of("").toAbsolutePath() : workspace;
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--workspace is not a directory: " + root);
    }
    Agent.Builder builder = RustExpert.builder().tools(ToolRegistry.discover()).workspace(root).approver(approver)
        .listener(new ConsoleReporter(out));
    if (model.demo) {
      ScriptedChatModel scripted = demoModel();
      builder.chatModel(scripted).streamingChatModel(scripted.streaming());
      out.println("[demo] scripted model (no LLM is called); workspace: " + root);
    } else {
      ChatModel live;
      try {
        live = model.liveModel();
      } catch (ModelOptions.UnreachableException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return RustAgentCli.EXIT_FAILED;
      }
      builder.chatModel(live);
    }
    try (Orchestrator orchestrator = Orchestrator.builder().agent(builder.build()).approver(approver)
        .workflowListener(new WorkflowPrinter(out)).build().start()) {
      AgentSession session = orchestrator.agent().newSession();
      out.println("Type a question, a slash command (/help lists them), or /quit.");
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
        if (SlashCommands.isCommand(line)) {
          CommandOutcome outcome = orchestrator.commands().execute(line);
          out.println(outcome instanceof CommandOutcome.Failed ? "failed: " + outcome.text() : outcome.text());
        } else {
          out.print("agent> ");
          AgentResult result = session.run(line, new StreamingHandler() {
            @Override
            public void onToken(String token) {
              out.print(token);
              out.flush();
            }
          });
          out.println();
          if (!result.isSuccess()) {
            out.println("[" + result.status() + "]" + result.failureCause().map(f -> " " + f.getMessage()).orElse(""));
          }
        }
        out.flush();
      }
    }
  }

  /** A scripted model that says what it is and repeats the question. */
  static ScriptedChatModel demoModel() {
    return ScriptedChatModel.builder().otherwise(request -> {
      List<ChatMessage> messages = request.messages();
      String last = "";
      for (ChatMessage m : messages) {
        if (m instanceof UserMessage u && u.hasSingleText()) {
          last = u.singleText();
        }
      }
      String text = "(demo model) I am scripted, so I can only echo: \"" + last
          + "\". Start a Claude proxy and leave out --demo for real answers.";
      return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
    }).build();
  }
}
