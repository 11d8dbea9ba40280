package dev.rustagent.examples.cli;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.core.internal.TerminalText;
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
  AgentOptions options = new AgentOptions();

  @Option(names = "--auto-fix", description = "Apply rustc's MachineApplicable suggestions and the fixes without asking.")
  boolean autoFix;

  @Option(names = "--trace", description = "Show full compiler output, explanations and prompts.")
  boolean trace;

  @Option(names = "--max-rounds", paramLabel = "N", defaultValue = "5", description = "Most rounds of fixes (default ${DEFAULT-VALUE}).")
  int maxRounds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    OptionRanges.within(spec, "--max-rounds", maxRounds, 1, 50);
    Approver approver = approver(out);
    AgentConfig config = options.config(spec);
    if (options.demo() && options.workspace != null) {
      throw new ParameterException(spec.commandLine(), "--demo brings its own crate; leave out --workspace");
    }
    if (!options.demo() && !Files.isRegularFile(options.workspace(spec).resolve("Cargo.toml"))) {
      throw new ParameterException(spec.commandLine(), "no Cargo.toml in " + options.workspace(spec)
          + "; point --workspace at a crate");
    }
    ToolRegistry tools = ToolRegistry.discover();
    if (tools.find("cargo").isEmpty() || tools.find("edit_file").isEmpty()) {
      spec.commandLine().getErr().println("error: the built-in tools (cargo, edit_file) are not on the class path; found "
          + tools.tools().stream().map(Tool::name).toList());
      return RustAgentCli.EXIT_FAILED;
    }
    Path root = options.demo() ? DebugDemo.copyCrate() : options.workspace(spec);
    try (Invocation invocation = Invocation.open(spec, options, config,
        new Invocation.Demo(DebugDemo::startScriptedServer, false, "real cargo; broken crate copied to " + root))) {
      return debug(invocation, root, tools, approver, out);
    } catch (Invocation.UnavailableException e) {
      spec.commandLine().getErr().println(TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
  }

  private int debug(Invocation invocation, Path root, ToolRegistry tools, Approver approver, PrintWriter out) {
    PermissionPolicy.Builder policy = PermissionPolicy.builder().allow("cargo(cargo check:*)");
    if (autoFix) {
      policy.allow(Action.MODIFY_CODE);
    }
    Agent.Builder agent = invocation.agent().tools(tools).workspace(root).permissionPolicy(policy.build())
        .approver(approver);
    WorkflowPrinter printer = new WorkflowPrinter(out);
    WorkflowResult result;
    try (CtrlC ctrlC = CtrlC.install(spec.commandLine().getErr())) {
      result = DebuggingWorkflow.builder().agent(agent.build()).autoFix(autoFix).trace(trace)
          .maxRounds(maxRounds).build().run(printer, ctrlC.start());
    }
    printer.printResult(result);
    return switch (result.status()) {
      case SUCCEEDED -> RustAgentCli.EXIT_OK;
      case FAILED -> RustAgentCli.EXIT_FAILED;
      case UNRESOLVED, PERMISSION_DENIED, CANCELLED -> RustAgentCli.EXIT_STOPPED;
    };
  }

  /**
   * The approver of {@code --approve}; with all or none it still shows each question (and the diff)
   * with the answer it gave.
   */
  private Approver approver(PrintWriter out) {
    Approver chosen = options.approver(spec,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
    if (!options.answersForUser()) {
      return chosen;
    }
    return request -> {
      boolean allowed = chosen.approve(request);
      announce(out, request, allowed ? "approved: --approve all" : request.isProtected()
          ? "refused: a protected call needs an explicit yes; use --approve ask" : "refused: --approve none");
      return allowed;
    };
  }

  /** Shows the question that --approve answers. */
  private static void announce(PrintWriter out, ApprovalRequest request, String answer) {
    TerminalApprover.show(out, request, null);
    out.println("  (" + answer + ")");
    out.flush();
  }
}
