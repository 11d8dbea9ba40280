package dev.rustagent.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfigException;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.Approver;
import dev.rustagent.core.RustExpert;
import dev.rustagent.core.StreamingHandler;
import dev.rustagent.core.command.CommandOutcome;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.orchestrator.Orchestrator;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.tools.ToolRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    AgentConfig config;
    try {
      config = model.config();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    FakeAnthropicServer demoServer = null;
    if (model.demo) {
      demoServer = startDemoServer();
      AgentConfig.Llm llm = config.llm();
      config = config.withLlm(new AgentConfig.Llm("anthropic", demoServer.baseUrl(), llm.model(), llm.maxTokens(),
          llm.temperature(), true, "", llm.timeout(), java.time.Duration.ZERO));
      out.println("[demo] scripted model (no LLM is called), streamed over HTTP by a fake Anthropic server at "
          + demoServer.baseUrl() + "; workspace: " + root);
    }
    try {
      ClaudeProxy proxy;
      try {
        proxy = ModelOptions.liveProxy(config, spec.commandLine().getErr());
      } catch (ModelOptions.UnreachableException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return RustAgentCli.EXIT_FAILED;
      }
      Agent agent = RustExpert.builder().chatModel(proxy.chatModel()).streamingChatModel(proxy.streamingChatModel())
          .config(config).tools(ToolRegistry.discover()).workspace(root).approver(approver)
          .listener(new ConsoleReporter(out)).build();
      return converse(agent, approver, in, out);
    } finally {
      if (demoServer != null) {
        demoServer.close();
      }
    }
  }

  private int converse(Agent agent, Approver approver, BufferedReader in, PrintWriter out) throws IOException {
    try (Orchestrator orchestrator = Orchestrator.builder().agent(agent).approver(approver)
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
