package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore.ArtBackup;

/** {@code [art.storage] backup_interval}: real backups of the trajectory store that restore the data. */
class ArtBackupTest {
  @TempDir
  Path dir;

  private TrajectoryStore filled(Path file) {
    TrajectoryStore store = TrajectoryStore.h2(file);
    store.save(Trajectories.of("a", "fix error E0382", 0.9));
    store.save(Trajectories.of("b", "add a test", null));
    return store;
  }

  @Test
  void aBackupOfADeletedStoreRestoresEveryTrajectory() throws Exception {
    Path backup;
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"))) {
      backup = ArtBackup.backUp(store, dir.resolve("backups"), Clock.systemUTC());
    }
    Files.delete(dir.resolve("db/trajectories.mv.db"));

    try (TrajectoryStore fresh = TrajectoryStore.h2(dir.resolve("db/trajectories"))) {
      assertThat(fresh.count()).isZero();
      assertThat(ArtBackup.restore(fresh, backup)).isEqualTo(2);

      assertThat(fresh.find("a")).get().satisfies(t -> {
        assertThat(t.reward()).isEqualTo(0.9);
        assertThat(t.objective()).isEqualTo("fix error E0382");
        assertThat(t.steps()).hasSize(3);
      });
      assertThat(fresh.find("b")).get().satisfies(t -> assertThat(t.isScored()).isFalse());
    }
  }

  @Test
  void aDamagedBackupIsRefusedNamingTheLineAndRestoresNothing() throws Exception {
    Path backup;
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"))) {
      backup = ArtBackup.backUp(store, dir.resolve("backups"), Clock.systemUTC());
    }
    Files.writeString(backup, Files.readString(backup) + "{\"id\": broken\n");

    try (TrajectoryStore fresh = TrajectoryStore.inMemory()) {
      assertThatThrownBy(() -> ArtBackup.restore(fresh, backup)).isInstanceOf(ArtException.class)
          .hasMessageContaining("line 3 is not a trajectory").hasMessageContaining("nothing was restored");
      assertThat(fresh.count()).isZero();
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
  void theScheduleBacksUpAtOnceWhenNoBackupIsRecentEnough() throws Exception {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"));
        ArtBackup ignored = ArtBackup.schedule(store, dir.resolve("backups"), Duration.ofDays(1), Clock.systemUTC())) {
      assertThat(ArtBackup.latest(dir.resolve("backups"))).get()
          .satisfies(p -> assertThat(Files.readAllLines(p)).hasSize(2));
    }
  }

  @Test
  void theScheduleWaitsWhileTheNewestBackupIsRecent() throws Exception {
    try (TrajectoryStore store = filled(dir.resolve("db/trajectories"))) {
      Path first = ArtBackup.backUp(store, dir.resolve("backups"), Clock.systemUTC());
      try (ArtBackup ignored = ArtBackup.schedule(store, dir.resolve("backups"), Duration.ofDays(1),
          Clock.systemUTC())) {
        assertThat(dir.resolve("backups").toFile().list()).containsExactly(first.getFileName().toString());
      }
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
