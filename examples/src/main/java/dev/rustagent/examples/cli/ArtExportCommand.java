package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.export.TrainingDataExporter.ExportFormat;
import dev.rustagent.art.export.TrainingDataExporter.ExportSummary;
import dev.rustagent.art.export.TrainingDataExporter.Specialization;
import dev.rustagent.art.export.TrainingDataExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rust-agent art export --format art|sft|preference}: writes training data as JSONL. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export training data: OpenPipe ART groups, chat SFT or preference pairs, as JSONL.")
final class ArtExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Option(names = "--format", required = true, paramLabel = "art|sft|preference", description = "The format.")
  String format;

  @Option(names = "--output", paramLabel = "FILE", description = "The JSONL file (default: exports/<format>.jsonl in the data directory).")
  Path output;

  @Option(names = "--min-reward", paramLabel = "R", defaultValue = "0", description = "Reward threshold, 0..1 (default ${DEFAULT-VALUE}).")
  double minReward;

  @Option(names = "--specialization", paramLabel = "KIND", description = "Only research, planning, execution, code or analysis trajectories (general: all).")
  String specialization;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExportFormat fmt;
    TrainingDataExporter.Builder exporter = TrainingDataExporter.builder();
    OptionRanges.within(spec, "--min-reward", minReward, 0, 1);
    try {
      fmt = ExportFormat.parse(format);
      exporter.minReward(minReward);
      if (specialization != null) {
        exporter.specialization(Specialization.parse(specialization));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path file = output != null ? output
        : data.dir().resolve("exports").resolve(fmt.name().toLowerCase(Locale.ROOT) + ".jsonl");
    try (TrajectoryStore store = data.store()) {
      List<List<Trajectory>> groups = store.groupsByObjective(1);
      ProgressBar bar = ProgressBar.onStderr(err, "objective groups", groups.size());
      ExportSummary summary = exporter.build().export(groups, fmt, file, done -> bar.update(done, ""));
      bar.finish();
      out.printf("wrote %d %s record(s) from %d trajectories to %s (%d left out: unscored, below %.2f, or other "
          + "specialisation)%n", summary.records(), fmt.name().toLowerCase(Locale.ROOT), summary.trajectories(),
          summary.file(), summary.skipped(), minReward);
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    } catch (ArtException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }
}
