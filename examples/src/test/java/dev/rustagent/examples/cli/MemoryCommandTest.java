package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryCommandTest {

  @TempDir
  Path data;

  private final CapturedCli cli = new CapturedCli();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void statsCountsWhatTheMemoryHolds() {
    int schemaVersion;
    try (AgentMemory memory = AgentMemory.h2(data)) {
      memory.episodes().record(new Interaction("s", Instant.now(), "fix E0382", "cloned", "", true));
      schemaVersion = memory.stats().schemaVersion();
    }

    assertThat(run("memory", "--data-dir", data.toString(), "stats")).isZero();
    assertThat(cli.out()).contains("episodes:        1 in 1 sessions").contains("schema version:  " + schemaVersion);
  }

  @Test
  void searchShowsMatchingEpisodesAndPatterns() {
    try (AgentMemory memory = AgentMemory.h2(data)) {
      memory.episodes().record(new Interaction("s", Instant.now(), "fix E0382 in parser", "borrowed instead", "", true));
    }

    assertThat(run("memory", "--data-dir", data.toString(), "search", "E0382")).isZero();
    assertThat(cli.out()).contains("fix E0382 in parser -> borrowed instead").contains("borrow-instead-of-clone");
  }

  @Test
  void exportThenImportCarriesEpisodesToAnotherDataDir(@TempDir Path other, @TempDir Path archive) {
    try (AgentMemory memory = AgentMemory.h2(data)) {
      memory.episodes().record(new Interaction("s", Instant.now(), "task", "answer", "", true));
    }

    assertThat(run("memory", "--data-dir", data.toString(), "export", archive.toString())).isZero();
    assertThat(run("memory", "--data-dir", other.toString(), "import", archive.toString())).isZero();

    assertThat(cli.out()).contains("imported from").contains("1 episodes");
    try (AgentMemory memory = AgentMemory.h2(other)) {
      assertThat(memory.episodes().session("s")).hasSize(1);
    }
  }

  @Test
  void aCorruptedDatabaseIsReportedAndExitsWithFailure() throws Exception {
    Files.write(data.resolve("memory.mv.db"), new byte[4096]);

    assertThat(run("memory", "--data-dir", data.toString(), "stats")).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(cli.err()).contains("memory:").contains("memory.mv.db");
  }
}
