package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.TrajectoryStore.ArtBackup;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Restored;
import dev.rustagent.art.TrajectoryStore.ArtBackup.Stores;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.testkit.PostgresCluster;
import dev.rustagent.testkit.PostgresCluster.PostgresExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A backup set of the PostgreSQL stores (trajectories, JDBC model registry, memory) restores into a new database. */
@ExtendWith(PostgresExtension.class)
class PostgresBackupTest {
  @TempDir
  Path dir;

  private static AgentMemory memory(String url) {
    return AgentMemory.builder().postgres(url).keywordOnly().build();
  }

  @Test
  void aBackupOfThePostgresStoresRestoresIntoAnotherDatabase(PostgresCluster pg) {
    String from = pg.createDatabase();
    String to = pg.createDatabase();
    Path backup;
    try (TrajectoryStore store = TrajectoryStore.postgres(from); AgentMemory memory = memory(from);
        ModelRegistry registry = ModelRegistry.postgres(from)) {
      store.save(Trajectories.of("a", "fix E0382", 0.9));
      registry.register(new RegisteredModel("tuned", RegisteredModel.Kind.MODEL, null, "base", "/models/tuned", null,
          null, Map.of(), Instant.parse("2026-11-01T00:00:00Z")));
      registry.promote("tuned");
      memory.semantic().put("lesson: clone the vector", Map.of("kind", "success-pattern"));
      backup = ArtBackup.backUp(new Stores(store, () -> ModelRegistry.postgres(from), memory), dir, Clock.systemUTC());
    }

    try (TrajectoryStore store = TrajectoryStore.postgres(to); AgentMemory memory = memory(to)) {
      Restored restored = ArtBackup.restore(new Stores(store, () -> ModelRegistry.postgres(to), memory), backup);

      assertThat(restored.trajectories()).isEqualTo(1);
      assertThat(store.find("a")).map(Trajectory::reward).contains(0.9);
      assertThat(memory.semantic().count()).isEqualTo(1);
    }
    try (ModelRegistry registry = ModelRegistry.postgres(to)) {
      assertThat(registry.champion()).map(RegisteredModel::id).contains("tuned");
    }
  }
}
