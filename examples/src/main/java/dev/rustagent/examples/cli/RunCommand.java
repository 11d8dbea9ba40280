package dev.rustagent.examples.cli;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.Approver;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.core.internal.TerminalText;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
  AgentOptions options = new AgentOptions();

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
    OptionRanges.within(spec, "--max-iterations", maxIterations, 1, 1000);
    Approver approver = options.approver(spec,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
    AgentConfig config = options.config(spec);
    Path root = options.demo() ? DemoWorkspace.create() : options.workspace(spec);
    try (Invocation invocation = Invocation.open(spec, options, config,
        new Invocation.Demo(DemoWorkspace::startScriptedServer, false, "workspace: " + root))) {
      Agent.Builder builder = invocation.agent()
          .tools(invocation.tools())
          .workspace(root)
          .approver(approver)
          .maxIterations(maxIterations);
      if (!json) {
        builder.listener(new ConsoleReporter(out));
      }
      AgentResult result;
      try (CtrlC ctrlC = CtrlC.install(spec.commandLine().getErr())) {
        result = builder.build().run(task, StreamingHandler.NONE, ctrlC.start());
      }
      if (json) {
        out.println(ResultJson.write(result, invocation.llm().model()));
      } else {
        printSummary(out, result, invocation.llm().model());
        invocation.reportRecording(out, result);
      }
      out.flush();
      return exitCode(result.status());
    } catch (Invocation.UnavailableException e) {
      spec.commandLine().getErr().println(TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
  }

  static void printSummary(PrintWriter out, AgentResult result, String model) {
    out.println();
    if (!result.answer().isBlank()) {
      out.println(TerminalText.safe(result.answer().strip()));
      out.println();
    }
    dev.rustagent.core.AgentResult.CacheAwareTokenUsage tokens = result.usage();
    String cost = dev.rustagent.core.AgentResult.ModelPricing.defaults().estimateCost(model, tokens)
        .map(c -> String.format(java.util.Locale.ROOT, ", ~$%.4f", c)).orElse("");
    out.printf("[%s] %d model turns, %d tool calls, %d refused, tokens: %d input, %d cache write, %d cache read, "
            + "%d output%s, %d ms%n",
        result.status(), result.iterations(), result.steps(dev.rustagent.core.AgentResult.AgentStep.ToolCall.class).size(),
        result.denials().size(), tokens.inputTokenCount(), tokens.cacheWriteTokens(), tokens.cacheReadTokens(),
        tokens.outputTokenCount(), cost, result.totalLatency().toMillis());
    result.failureCause().ifPresent(f -> out.println("failure: " + TerminalText.safe(f.getMessage())));
  }

  static int exitCode(AgentStatus status) {
    return switch (status) {
      case COMPLETED -> RustAgentCli.EXIT_OK;
      case FAILED -> RustAgentCli.EXIT_FAILED;
      case PERMISSION_DENIED, MAX_ITERATIONS, CANCELLED, TRUNCATED, REFUSED, INCOMPLETE, TIMED_OUT ->
          RustAgentCli.EXIT_STOPPED;
    };
  }
}
