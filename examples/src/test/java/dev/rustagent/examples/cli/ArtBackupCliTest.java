package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.PostgresCluster;
import dev.rustagent.testkit.PostgresCluster.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code [art.storage] backup_interval} in the CLI: every ART store is backed up, and {@code art restore} restores it. */
class ArtBackupCliTest {
  @TempDir Path data;
  @TempDir Path workspace;
  @TempDir Path conf;

  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();
  private int code;

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private CapturedCli cli(String... args) {
    CapturedCli cli = new CapturedCli();
    code = cli.execute(args);
    return cli;
  }

  /** Two runs; the first one's backup is made to look a day old, so the second backs up its trajectory. */
  private void twoRuns(String... dataOptions) throws Exception {
    assertThat(run(dataOptions).out()).contains("[art] recorded as run");
    Path first = ArtBackup.latest(data.resolve("art/backups")).orElseThrow();
    Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(90_000)));
    assertThat(run(dataOptions).out()).contains("[art] recorded as run");
    assertThat(ArtBackup.latest(data.resolve("art/backups"))).get().isNotEqualTo(first);
  }

  private CapturedCli run(String... dataOptions) throws Exception {
    Path config = conf.resolve("rust-agent.toml");
    Files.writeString(config, "[art]\nenable_tracking = true\n[art.storage]\nbackup_interval = 86400\n");
    proxy.enqueue(FakeResponse.text("Clone the vector."));
    String[] base = {"run", "--llm-url", proxy.baseUrl(), "--config", config.toString(), "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "--approve", "none", "--no-embeddings"};
    String[] args = new String[base.length + dataOptions.length + 1];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(dataOptions, 0, args, base.length, dataOptions.length);
    args[args.length - 1] = "explain E0382";
    return cli(args);
  }

  @Test
  void aRunBacksUpEveryStoreAndRestoreBringsTheTrajectoryBack() throws Exception {
    twoRuns();
    Path set = ArtBackup.latest(data.resolve("art/backups")).orElseThrow();
    assertThat(set.resolve("trajectories.jsonl")).isRegularFile();
    assertThat(set.resolve("models.json")).isRegularFile();
    assertThat(set.resolve("memory/analytics/usage-metrics.json")).isRegularFile();

    CapturedCli restore = cli("art", "restore", "--data-dir", conf.resolve("fresh").toString(), set.toString());

    assertThat(code).as(restore.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(restore.out()).contains("1 trajectories added (0 already present, kept)");
    try (TrajectoryStore store = TrajectoryStore.h2(conf.resolve("fresh/trajectories"))) {
      assertThat(store.recent(5)).singleElement().satisfies(t -> assertThat(t.objective()).isEqualTo("explain E0382"));
    }
  }

  @Test
  void restoringIntoTheStoreInUseAddsNothingTwice() throws Exception {
    twoRuns();

    CapturedCli restore = cli("art", "restore", "--data-dir", data.resolve("art").toString());

    assertThat(code).as(restore.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(restore.out()).contains("0 trajectories added (1 already present, kept)");
    try (TrajectoryStore store = TrajectoryStore.h2(data.resolve("art/trajectories"))) {
      assertThat(store.count()).isEqualTo(2);
    }
  }

  @Test
  void aDamagedBackupIsRefusedNamingTheFileAndLineAndTheStoreIsUntouched() throws Exception {
    twoRuns();
    Path lines = ArtBackup.latest(data.resolve("art/backups")).orElseThrow().resolve("trajectories.jsonl");
    Files.writeString(lines, "not json\n" + Files.readString(lines));

    CapturedCli restore = cli("art", "restore", "--data-dir", conf.resolve("fresh").toString(),
        lines.getParent().toString());

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(restore.err()).contains(lines.toString()).contains("line 1 is not a trajectory")
        .contains("nothing was restored");
    try (TrajectoryStore store = TrajectoryStore.h2(conf.resolve("fresh/trajectories"))) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void anUnwritableBackupDirectoryIsAWarningAndTheRunCompletes() throws Exception {
    Files.createDirectories(data.resolve("art"));
    Files.writeString(data.resolve("art/backups"), "a file where the backups should go");

    CapturedCli run = run();

    assertThat(code).as(run.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(run.out()).contains("Clone the vector.").contains("[art] recorded as run");
    assertThat(run.err()).contains("warning: cannot back up the ART stores to " + data.resolve("art/backups"))
        .contains("the run goes on");
  }

  @Test
  @ExtendWith(PostgresExtension.class)
  void withADataUrlThePostgresStoresAreBackedUpAndRestoreIntoAnotherDatabase(PostgresCluster pg) throws Exception {
    String url = pg.createDatabase();
    twoRuns("--data-url", url);
    Path set = ArtBackup.latest(data.resolve("art/backups")).orElseThrow();
    String other = pg.createDatabase();

    CapturedCli restore = cli("art", "restore", "--data-url", other, "--data-dir", data.resolve("art").toString(),
        set.toString());

    assertThat(code).as(restore.err()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(restore.out()).contains("1 trajectories added");
    try (TrajectoryStore store = TrajectoryStore.postgres(other)) {
      assertThat(store.recent(5)).singleElement().satisfies(t -> assertThat(t.objective()).isEqualTo("explain E0382"));
    }
  }
}
