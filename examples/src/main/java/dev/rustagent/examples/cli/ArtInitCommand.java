package dev.rustagent.examples.cli;

import dev.rustagent.art.TrajectoryStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rust-agent art init}: sets up the data directory and writes an example mission. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Set up the ART data directory (trajectory database, model registry, example mission).")
final class ArtInitCommand implements Callable<Integer> {
  static final String EXAMPLE_MISSION = """
      # An ART mission: run it with `rust-agent art run mission.example.yaml --runs 4`
      name: fix-borrow-error
      objective: Fix the borrow-check error in src/main.rs so that the crate compiles
      agent_config:
        max_iterations: 10
        model: claude-sonnet-4-6
      tools:
        - read_file
        - edit_file
        - cargo
      success_criteria:
        - cargo check passes
        - no unsafe code is added
      """;

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = data.dir();
    boolean existed = data.initialised();
    Files.createDirectories(dir.resolve("exports"));
    Files.createDirectories(dir.resolve("training"));
    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("trajectories"), true)) {
      Path mission = dir.resolve("mission.example.yaml");
      if (!Files.exists(mission)) {
        Files.writeString(mission, EXAMPLE_MISSION);
      }
      if (existed) {
        out.println("ART data already set up in " + dir.toAbsolutePath() + " (" + store.count()
            + " trajectories); nothing was changed.");
      } else {
        out.println("Set up ART data in " + dir.toAbsolutePath());
        out.println("  trajectories: " + dir.resolve("trajectories.mv.db"));
        out.println("  models:       " + dir.resolve("models.json") + " (created on first training)");
        out.println("  example mission: " + mission);
        out.println("Next: rust-agent art run " + mission + " --demo --runs 3");
      }
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }
}
