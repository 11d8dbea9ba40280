package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.ArtPlugin;
import dev.rustagent.art.TrajectoryStore.Feedback;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.memory.AgentMemory;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rust-agent art feedback RUN_ID --good|--bad [--comment TEXT]}: a person's verdict is reward. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
    description = "Say whether a recorded run was good or bad. Feedback outweighs a judge's score; the latest "
        + "feedback on a run counts (earlier ones stay in its logs); a bad run never becomes a lesson.")
final class ArtFeedbackCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run, as printed after it ran (or in `art stats`).")
  String runId;

  static final class Verdict {
    @Option(names = "--good", required = true, description = "The run did what was asked.")
    boolean good;

    @Option(names = "--bad", required = true, description = "It did not.")
    boolean bad;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Verdict verdict;

  @Option(names = "--comment", paramLabel = "TEXT", description = "What was good or bad about it.")
  String comment;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Feedback feedback;
    try {
      feedback = new Feedback(runId, verdict.good ? Feedback.Verdict.GOOD : Feedback.Verdict.BAD, comment, Instant.now());
    } catch (IllegalArgumentException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    }
    try (TrajectoryStore store = data.store(); AgentMemory memory = data.memory(spec)) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      patterns.learnFrom(store);
      Trajectory t = ArtPlugin.builder(store).patterns(patterns).build().feedback(feedback);
      out.printf("run %s (%s) is rated %s: reward %.1f%s%n", t.id(), TerminalText.safe(firstLine(t.objective())),
          verdict.good ? "good" : "bad", t.reward(), verdict.good ? "" : "; it will not be recommended as a lesson");
      out.flush();
      return RustAgentCli.EXIT_OK;
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    } catch (ArtException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() <= 60 ? line : line.substring(0, 59) + "…";
  }
}
