package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.memory.AgentMemory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rust-agent art stats}: what has been recorded, learned and trained. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show trajectories, rewards, patterns and models.")
final class ArtStatsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "How many best trajectories to list (default ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OptionRanges.within(spec, "--top", top, 1, 1000);
    try (TrajectoryStore store = data.store(); AgentMemory memory = data.memory(spec)) {
      TrajectoryStore.TrajectoryStats stats = store.stats();
      out.printf("trajectories: %d (%d scored), objectives: %d%n", stats.count(), stats.scored(), stats.objectives());
      out.printf("success rate: %.1f%%, mean reward: %s%n", 100 * stats.successRate(), stats.meanReward().isPresent()
          ? String.format("%.3f", stats.meanReward().getAsDouble()) : "none (no scored trajectory)");
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic()))
          .build();
      out.printf("success patterns: %d%n", patterns.learnFrom(store));
      if (stats.scored() > 0) {
        out.println("best trajectories:");
        for (Trajectory t : store.topByReward(top)) {
          out.printf("  %.3f  %-8s %s  (%s, %d steps)%n", t.reward(), t.success() ? "success" : "failed",
              TerminalText.safe(firstLine(t.objective())), TerminalText.safe(t.agentName()), t.steps().size());
        }
      }
      ModelRegistry registry = data.registry();
      out.printf("models: %d%s%n", registry.models().size(), registry.champion()
          .map(c -> ", champion " + c.id() + describe(c)).orElse(""));
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }

  private static String describe(RegisteredModel m) {
    Double loss = m.metrics().get("eval_loss");
    return loss == null ? "" : String.format(" (eval loss %.4f)", loss);
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("");
    return line.length() > 70 ? line.substring(0, 70) + "..." : line;
  }
}
