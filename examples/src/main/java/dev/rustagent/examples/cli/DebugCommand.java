package dev.rustagent.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfigException;
import dev.rustagent.core.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.RustExpert;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.WorkflowResult;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.tools.Action;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.io.BufferedReader;
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
 * {@code rust-agent debug}: runs {@code cargo check}, explains each error, proposes a fix as a diff,
 * asks before applying it, and checks again until the crate is clean or the round cap is reached.
 */
@Command(name = "debug", mixinStandardHelpOptions = true,
    description = "Fix the compile errors of a Rust workspace, asking before each change.")
final class DebugCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model = new ModelOptions();

  @Option(names = "--workspace", paramLabel = "DIR", description = "The Rust workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--approve", paramLabel = "ask|all|none", defaultValue = "ask",
      description = "ask: prompt on the terminal; all: approve every change; none: refuse changes. Default: ${DEFAULT-VALUE}.")
  String approve;

  @Option(names = "--auto-fix", description = "Apply rustc's MachineApplicable suggestions and the fixes without asking.")
  boolean autoFix;

  @Option(names = "--trace", description = "Show full compiler output, explanations and prompts.")
  boolean trace;

  @Option(names = "--max-rounds", paramLabel = "N", defaultValue = "5", description = "Most rounds of fixes (default ${DEFAULT-VALUE}).")
  int maxRounds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (maxRounds < 1 || maxRounds > 50) {
      throw new ParameterException(spec.commandLine(), "--max-rounds must be between 1 and 50");
    }
    Approver approver = approver(out);
    AgentConfig config;
    try {
      config = model.config();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path root = workspace;
    if (model.demo && workspace != null) {
      throw new ParameterException(spec.commandLine(), "--demo brings its own crate; leave out --workspace");
    }
    if (!model.demo) {
      root = root == null ? Path.of("").toAbsolutePath() : root;
      if (!Files.isDirectory(root)) {
        throw new ParameterException(spec.commandLine(), "--workspace is not a directory: " + root);
      }
      if (!Files.isRegularFile(root.resolve("Cargo.toml"))) {
        throw new ParameterException(spec.commandLine(), "no Cargo.toml in " + root + "; point --workspace at a crate");
      }
    }
    ToolRegistry tools = ToolRegistry.discover();
    if (tools.find("cargo").isEmpty() || tools.find("edit_file").isEmpty()) {
      spec.commandLine().getErr().println("error: the built-in tools (cargo, edit_file) are not on the class path; found "
          + tools.tools().stream().map(Tool::name).toList());
      return RustAgentCli.EXIT_FAILED;
    }
    FakeAnthropicServer demoServer = null;
    if (model.demo) {
      root = DebugDemo.copyCrate();
      demoServer = DebugDemo.startScriptedServer();
      config = DebugDemo.over(config, demoServer);
      out.println("[demo] scripted model (no LLM is called), served over HTTP by a fake Anthropic server at "
          + demoServer.baseUrl() + "; real cargo; broken crate copied to " + root);
    }
    try {
      return debug(config, root, tools, approver, out);
    } finally {
      if (demoServer != null) {
        demoServer.close();
      }
    }
  }

  private int debug(AgentConfig config, Path root, ToolRegistry tools, Approver approver, PrintWriter out) {
    ChatModel chatModel;
    try {
      chatModel = ModelOptions.liveProxy(config, spec.commandLine().getErr()).chatModel();
    } catch (ModelOptions.UnreachableException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return RustAgentCli.EXIT_FAILED;
    }
    PermissionPolicy.Builder policy = PermissionPolicy.builder().allow("cargo(cargo check:*)");
    if (autoFix) {
      policy.allow(Action.MODIFY_CODE);
    }
    Agent.Builder agent = RustExpert.builder().chatModel(chatModel).config(config).tools(tools).workspace(root)
        .permissionPolicy(policy.build());
    if (approver != null) {
      agent.approver(approver);
    }
    WorkflowPrinter printer = new WorkflowPrinter(out);
    WorkflowResult result = DebuggingWorkflow.builder().agent(agent.build()).autoFix(autoFix).trace(trace)
        .maxRounds(maxRounds).build().run(printer, CancellationToken.create());
    printer.printResult(result);
    return switch (result.status()) {
      case SUCCEEDED -> RustAgentCli.EXIT_OK;
      case FAILED -> RustAgentCli.EXIT_FAILED;
      case UNRESOLVED, PERMISSION_DENIED, CANCELLED -> RustAgentCli.EXIT_STOPPED;
    };
  }

  private Approver approver(PrintWriter out) {
    return switch (approve) {
      case "ask" -> new TerminalApprover(
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
      case "all" -> request -> announce(out, request, "approved: --approve all");
      case "none" -> request -> !announce(out, request, "refused: --approve none");
      default -> throw new ParameterException(spec.commandLine(),
          "--approve must be ask, all or none, not '" + approve + "'");
    };
  }

  /** Shows the question that --approve answers; returns true. */
  private static boolean announce(PrintWriter out, ApprovalRequest request, String answer) {
    out.println();
    out.printf("? The agent wants to use %s %s%n", request.tool(), request.actions());
    request.description().lines().forEach(line -> out.println("    " + line));
    out.println("  (" + answer + ")");
    out.flush();
    return true;
  }
}
