package dev.rustagent.examples.cli;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Restored;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Stores;
import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rust-agent art restore [BACKUP]}: restores a backup set of the ART stores (the trajectories, the
 * model registry and the success patterns' memory) that {@code [art.storage] backup_interval} wrote.
 * It merges: what the stores already hold is kept, the rest is added, so nothing is lost and restoring
 * twice adds nothing. A damaged backup is refused whole, naming the file (and line).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a backup of the ART stores (trajectories, models, success-pattern memory); what the stores"
        + " already hold is kept, the rest is added.")
final class ArtRestoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE",
      description = "A TOML config whose [art.storage] paths say where the stores are (as for run and chat).")
  Path configFile;

  @Parameters(arity = "0..1", paramLabel = "BACKUP",
      description = "A backup set (art-backup-<time>) or an older trajectories-<time>.jsonl file (default: the newest"
          + " in the data directory's backups/).")
  Path backup;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    data.config(spec, configFile);
    Path from;
    try {
      from = backup != null ? backup : ArtBackup.latest(data.dir().resolve("backups")).orElse(null);
    } catch (ArtException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
    if (from == null) {
      err.println("error: no backup in " + data.dir().resolve("backups").toAbsolutePath()
          + "; name one (rust-agent art restore BACKUP) or set [art.storage] backup_interval");
      return RustAgentCli.EXIT_USAGE;
    }
    if (!java.nio.file.Files.exists(from)) {
      err.println("error: no backup at " + TerminalText.safe(from.toString()));
      return RustAgentCli.EXIT_USAGE;
    }
    try (TrajectoryStore store = data.open(); AgentMemory memory = data.memory(spec)) {
      Restored r = ArtBackup.restore(new Stores(store, data::registry, memory), from);
      out.printf("restored from %s: %d trajectories added (%d already present, kept), %d models added (%d kept)%n",
          TerminalText.safe(from.toString()), r.trajectories(), r.trajectoriesKept(), r.models(), r.modelsKept());
      if (r.memory() != null) {
        out.printf("memory: %d episodes, %d semantic items, %d patterns, %d commands, %d metric samples added%n",
            r.memory().episodes(), r.memory().semanticItems(), r.memory().patterns(), r.memory().commands(),
            r.memory().metricSamples());
      }
    } catch (ArtException | MemoryException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }
}
