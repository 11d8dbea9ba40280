package dev.rustagent.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfigException;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentStatus;
import dev.rustagent.core.Approver;
import dev.rustagent.core.RustExpert;
import dev.rustagent.core.StreamingHandler;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.tools.ToolRegistry;
import java.io.BufferedReader;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rust-agent run [options] TASK}: runs one task with the Rust-expert agent. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one task with the Rust-expert agent.")
final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model = new ModelOptions();

  @Option(names = "--workspace", paramLabel = "DIR", description = "The Rust workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--approve", paramLabel = "ask|all|none", defaultValue = "ask",
      description = "ask: prompt on the terminal; all: approve every call; none: refuse what needs approval. Default: ${DEFAULT-VALUE}.")
  String approve;

  @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "15", description = "Most model turns (default ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "TASK", description = "What the agent should do.")
  List<String> taskWords;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String task = String.join(" ", taskWords).strip();
    if (task.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "TASK must not be blank");
    }
    if (maxIterations < 1 || maxIterations > 1000) {
      throw new ParameterException(spec.commandLine(), "--max-iterations must be between 1 and 1000");
    }
    Approver approver = approver(out);
    Path root = workspace;
    DemoWorkspace demo = null;
    FakeAnthropicServer demoServer = null;
    AgentConfig config;
    try {
      config = model.config();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (model.demo) {
      demo = DemoWorkspace.create();
      root = demo.root();
      demoServer = DemoWorkspace.startScriptedServer();
      config = config.withLlm(new AgentConfig.Llm("anthropic", demoServer.baseUrl(), config.llm().model(),
          config.llm().maxTokens(), config.llm().temperature(), false, "", config.llm().timeout(),
          java.time.Duration.ZERO));
      out.println("[demo] scripted model (no LLM is called), served over HTTP by a fake Anthropic server at "
          + demoServer.baseUrl() + "; workspace: " + root);
    } else if (root == null) {
      root = Path.of("").toAbsolutePath();
    }
    try {
      return runWith(config, root, approver, task, out);
    } finally {
      if (demoServer != null) {
        demoServer.close();
      }
    }
  }

  private Integer runWith(AgentConfig config, Path root, Approver approver, String task, PrintWriter out)
      throws Exception {
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--workspace is not a directory: " + root);
    }
    ClaudeProxy proxy;
    try {
      proxy = ModelOptions.liveProxy(config, spec.commandLine().getErr());
    } catch (ModelOptions.UnreachableException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return RustAgentCli.EXIT_FAILED;
    }
    ChatModel chatModel = proxy.chatModel();
    Agent.Builder builder = RustExpert.builder()
        .chatModel(chatModel)
        .config(config)
        .tools(ToolRegistry.discover())
        .workspace(root)
        .maxIterations(maxIterations);
    if (approver != null) {
      builder.approver(approver);
    }
    if (!json) {
      builder.listener(new ConsoleReporter(out));
    }
    AgentResult result = builder.build().run(task, StreamingHandler.NONE);
    if (json) {
      out.println(ResultJson.write(result));
    } else {
      printSummary(out, result);
    }
    out.flush();
    return exitCode(result.status());
  }

  private Approver approver(PrintWriter out) {
    return switch (approve) {
      case "ask" -> new TerminalApprover(
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
      case "all" -> Approver.approveAll();
      case "none" -> null;
      default -> throw new ParameterException(spec.commandLine(),
          "--approve must be ask, all or none, not '" + approve + "'");
    };
  }

  static void printSummary(PrintWriter out, AgentResult result) {
    out.println();
    if (!result.answer().isBlank()) {
      out.println(result.answer().strip());
      out.println();
    }
    out.printf("[%s] %d model turns, %d tool calls, %d refused, %d tokens, %d ms%n",
        result.status(), result.iterations(), result.steps(dev.rustagent.core.AgentStep.ToolCall.class).size(),
        result.denials().size(), result.tokenUsage().totalTokenCount() == null ? 0 : result.tokenUsage().totalTokenCount(),
        result.totalLatency().toMillis());
    result.failureCause().ifPresent(f -> out.println("failure: " + f.getMessage()));
  }

  static int exitCode(AgentStatus status) {
    return switch (status) {
      case COMPLETED -> RustAgentCli.EXIT_OK;
      case FAILED -> RustAgentCli.EXIT_FAILED;
      case PERMISSION_DENIED, MAX_ITERATIONS, CANCELLED -> RustAgentCli.EXIT_STOPPED;
    };
  }
}
