package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Restored;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Stores;
import dev.rustagent.art.TrajectoryStore.Feedback;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.memory.AgentMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [art.storage] backup_interval}: real backups of the trajectories, the model registry and the memory. */
class ArtBackupTest {
  @TempDir
  Path dir;

  private TrajectoryStore filled(Path file) {
    TrajectoryStore store = TrajectoryStore.h2(file);
    store.save(Trajectories.of("a", "fix error E0382", 0.9));
    store.save(Trajectories.of("b", "add a test", null));
    return store;
  }

  private static AgentMemory memory(Path dir) {
    return AgentMemory.builder().h2(dir).keywordOnly().build();
  }

  private static RegisteredModel model(String id, RegisteredModel.Kind kind, String parent) {
    return new RegisteredModel(id, kind, parent, "base", "/models/" + id, null, null, Map.of("loss", 0.4),
        Instant.parse("2026-11-01T00:00:00Z"));
  }

  /** Fills the three stores under {@code dir/db} and backs them up into {@code dir/backups}. */
  private Path backUpAllStores() {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"));
        ModelRegistry registry = ModelRegistry.open(dir.resolve("db/models.json"));
        AgentMemory memory = memory(dir.resolve("db"))) {
      registry.register(model("tuned", RegisteredModel.Kind.MODEL, null));
      registry.register(model("tuned-epoch-1", RegisteredModel.Kind.CHECKPOINT, "tuned"));
      registry.promote("tuned");
      memory.semantic().put("lesson: clone the vector", Map.of("kind", "success-pattern"));
      return ArtBackup.backUp(new Stores(store, () -> ModelRegistry.open(dir.resolve("db/models.json")), memory),
          dir.resolve("backups"), Clock.systemUTC());
    }
  }

  private Stores fresh(TrajectoryStore store, AgentMemory memory) {
    return new Stores(store, () -> ModelRegistry.open(dir.resolve("fresh/models.json")), memory);
  }

  @Test
  void aBackupSetOfDeletedStoresRestoresTrajectoriesModelsAndMemory() {
    Path backup = backUpAllStores();

    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("fresh/trajectories"));
        AgentMemory memory = memory(dir.resolve("fresh"))) {
      Restored restored = ArtBackup.restore(fresh(store, memory), backup);

      assertThat(restored.trajectories()).isEqualTo(2);
      assertThat(store.find("a")).get().satisfies(t -> {
        assertThat(t.reward()).isEqualTo(0.9);
        assertThat(t.objective()).isEqualTo("fix error E0382");
        assertThat(t.steps()).hasSize(3);
      });
      assertThat(store.find("b")).get().satisfies(t -> assertThat(t.isScored()).isFalse());
      assertThat(memory.semantic().count()).isEqualTo(1);
    }
    try (ModelRegistry registry = ModelRegistry.open(dir.resolve("fresh/models.json"))) {
      assertThat(registry.champion()).map(RegisteredModel::id).contains("tuned");
      assertThat(registry.checkpoints("tuned")).extracting(RegisteredModel::id).containsExactly("tuned-epoch-1");
    }
  }

  @Test
  void aDamagedTrajectoryLineIsRefusedNamingTheFileAndLineAndRestoresNothing() throws Exception {
    Path backup = backUpAllStores();
    Path lines = backup.resolve("trajectories.jsonl");
    Files.writeString(lines, Files.readString(lines) + "{\"id\": broken\n");

    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = memory(dir.resolve("fresh"))) {
      assertThatThrownBy(() -> ArtBackup.restore(fresh(store, memory), backup)).isInstanceOf(ArtException.class)
          .hasMessageContaining(lines.toString()).hasMessageContaining("line 3 is not a trajectory")
          .hasMessageContaining("nothing was restored");
      assertThat(store.count()).isZero();
      assertThat(memory.semantic().count()).isZero();
    }
    assertThat(dir.resolve("fresh/models.json")).doesNotExist();
  }

  @Test
  void aDamagedModelRegistryIsRefusedNamingTheFileAndRestoresNothing() throws Exception {
    Path backup = backUpAllStores();
    Files.writeString(backup.resolve("models.json"), "{\"models\": [ {\"id\": ");

    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = memory(dir.resolve("fresh"))) {
      assertThatThrownBy(() -> ArtBackup.restore(fresh(store, memory), backup)).isInstanceOf(ArtException.class)
          .hasMessageContaining(backup.resolve("models.json").toString()).hasMessageContaining("nothing was restored");
      assertThat(store.count()).isZero();
      assertThat(memory.semantic().count()).isZero();
    }
  }

  @Test
  void aDamagedMemoryExportIsRefusedNamingTheFileAndRestoresNothing() throws Exception {
    Path backup = backUpAllStores();
    Files.writeString(backup.resolve("memory/memory/semantic.json"), "[{\"text\": ");

    try (TrajectoryStore store = TrajectoryStore.inMemory(); AgentMemory memory = memory(dir.resolve("fresh"))) {
      assertThatThrownBy(() -> ArtBackup.restore(fresh(store, memory), backup)).isInstanceOf(ArtException.class)
          .hasMessageContaining("semantic.json").hasMessageContaining("nothing was restored");
      assertThat(store.count()).isZero();
    }
    assertThat(dir.resolve("fresh/models.json")).doesNotExist();
  }

  @Test
  void restoringIntoAStoreInUseKeepsWhatItHoldsAndAddsOnlyTheRest() {
    Path backup = backUpAllStores();
    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("db/trajectories"));
        AgentMemory memory = memory(dir.resolve("db"))) {
      store.recordFeedback(new Feedback("b", Feedback.Verdict.BAD, "wrong crate", Instant.now()));
      store.save(Trajectories.of("c", "newer run", 0.5));
      Stores stores = new Stores(store, () -> ModelRegistry.open(dir.resolve("db/models.json")), memory);

      Restored first = ArtBackup.restore(stores, backup);
      Restored again = ArtBackup.restore(stores, backup);

      assertThat(first.trajectories()).isZero();
      assertThat(first.trajectoriesKept()).isEqualTo(2);
      assertThat(first.modelsKept()).isEqualTo(2);
      assertThat(again.memory().semanticItems()).isZero();
      assertThat(store.count()).isEqualTo(3);
      assertThat(store.find("b")).map(Trajectory::reward).contains(0.0);
      assertThat(memory.semantic().count()).isEqualTo(1);
    }
  }

  @Test
  void anOlderSingleFileBackupStillRestores() throws Exception {
    Path old = dir.resolve("backups/trajectories-20260101T000000.000Z.jsonl");
    Files.createDirectories(old.getParent());
    Files.writeString(old, dev.rustagent.art.internal.ArtJson.toJson(Trajectories.of("a", "fix E0382", 0.9)) + "\n");

    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      assertThat(ArtBackup.restore(store, ArtBackup.latest(dir.resolve("backups")).orElseThrow())).isEqualTo(1);
      assertThat(store.find("a")).isPresent();
    }
  }

  @Test
  void onlyTheNewestBackupsAreKept() {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"))) {
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < ArtBackup.KEEP + 2; i++) {
        ArtBackup.backUp(store, dir.resolve("backups"), Clock.fixed(t0.plusSeconds(i), ZoneOffset.UTC));
      }

      assertThat(dir.resolve("backups").toFile().list()).hasSize(ArtBackup.KEEP);
      assertThat(ArtBackup.latest(dir.resolve("backups"))).get()
          .satisfies(p -> assertThat(p.getFileName().toString()).contains("20260101T000006"));
    }
  }

  @Test
  void theScheduleBacksUpAtOnceWhenNoBackupIsRecentEnough() {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"));
        ArtBackup ignored = ArtBackup.schedule(store, dir.resolve("backups"), Duration.ofDays(1), Clock.systemUTC())) {
      assertThat(ArtBackup.latest(dir.resolve("backups"))).get()
          .satisfies(p -> assertThat(Files.readAllLines(p.resolve("trajectories.jsonl"))).hasSize(2));
    }
  }

  @Test
  void theScheduleWaitsWhileTheNewestBackupIsRecent() {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"))) {
      Path first = ArtBackup.backUp(store, dir.resolve("backups"), Clock.systemUTC());
      try (ArtBackup ignored = ArtBackup.schedule(store, dir.resolve("backups"), Duration.ofDays(1),
          Clock.systemUTC())) {
        assertThat(dir.resolve("backups").toFile().list()).containsExactly(first.getFileName().toString());
      }
    }
  }

  @Test
  void anUnwritableBackupDirectoryIsReportedAndTheScheduleCarriesOn() throws Exception {
    Files.writeString(dir.resolve("backups"), "a file where the backup directory should be");
    List<String> problems = new ArrayList<>();
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"));
        ArtBackup ignored = ArtBackup.schedule(Stores.of(store), dir.resolve("backups"), Duration.ofDays(1),
            Clock.systemUTC(), problems::add)) {
      store.save(Trajectories.of("c", "still recording", 0.5));

      assertThat(problems).singleElement().asString().contains("cannot back up the ART stores to "
          + dir.resolve("backups")).contains("trying again in");
      assertThat(store.count()).isEqualTo(3);
    }
  }

  @Test
  void aScheduleWithoutAPositiveIntervalIsRefused() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      assertThatThrownBy(() -> ArtBackup.schedule(store, dir, Duration.ZERO, Clock.systemUTC()))
          .hasMessageContaining("backup interval must be positive");
    }
  }
}
