package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.testkit.PostgresCluster;
import dev.rustagent.testkit.PostgresCluster.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.rustagent.art.ArtConfig.ArtException;

/** The trajectory store and the model registry on a real PostgreSQL server shared by several instances. */
@ExtendWith(PostgresExtension.class)
class PostgresArtTest {

  private String url;

  @BeforeEach
  void database(PostgresCluster pg) {
    url = pg.createDatabase();
  }

  @Test
  void trajectoriesFromEveryInstanceGroupTogetherForRuler() {
    try (TrajectoryStore a = TrajectoryStore.postgres(url); TrajectoryStore b = TrajectoryStore.postgres(url)) {
      a.save(Trajectories.of("a1", "fix E0382", 0.9));
      b.save(Trajectories.of("b1", "fix E0382", null));
      b.save(Trajectories.of("b2", "add a test", 0.4));

      List<List<Trajectory>> groups = a.groupsByObjective(2);

      assertThat(groups).hasSize(1);
      assertThat(groups.get(0)).extracting(Trajectory::id).containsExactlyInAnyOrder("a1", "b1");
      assertThat(b.find("a1")).map(Trajectory::reward).contains(0.9);
      assertThat(a.stats().count()).isEqualTo(3);
    }
  }

  @Test
  void concurrentSavesFromTwoInstancesNeitherLoseNorDuplicate() throws Exception {
    try (TrajectoryStore a = TrajectoryStore.postgres(url); TrajectoryStore b = TrajectoryStore.postgres(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> saves = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          TrajectoryStore target = t % 2 == 0 ? a : b;
          int thread = t;
          saves.add(pool.submit(() -> {
            for (int i = 0; i < 40; i++) {
              target.save(Trajectories.of("t" + thread + "-" + i, "objective " + (i % 5), 0.5));
              // the same id saved again from the other instance replaces, never duplicates
              (target == a ? b : a).save(Trajectories.of("t" + thread + "-" + i, "objective " + (i % 5), 0.7));
            }
            return null;
          }));
        }
        for (Future<?> f : saves) {
          f.get(300, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.count()).isEqualTo(160);
      assertThat(b.withRewardAtLeast(0.7, 1000)).hasSize(160);
    }
  }

  @Test
  void aTrajectorySchemaNewerThanTheCodeIsRefused() throws SQLException {
    TrajectoryStore.postgres(url).close();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE art_meta SET meta_value = '5' WHERE meta_key = 'trajectory_schema_version'");
    }
    assertThatThrownBy(() -> TrajectoryStore.postgres(url))
        .isInstanceOf(ArtException.class)
        .hasMessageContaining("schema version 5")
        .hasMessageContaining("newer than this code supports (1)");
  }

  @Test
  void aModelRegisteredOrPromotedByOneInstanceIsSeenByAnother() {
    try (ModelRegistry a = ModelRegistry.postgres(url); ModelRegistry b = ModelRegistry.postgres(url)) {
      a.register(new RegisteredModel("m1", RegisteredModel.Kind.MODEL, null, "qwen", "/models/m1", null,
          "execution", Map.of("eval_loss", 0.3), Instant.parse("2026-02-01T00:00:00Z")));

      b.promote("m1");

      assertThat(a.champion()).map(RegisteredModel::id).contains("m1");
      assertThat(b.models()).extracting(RegisteredModel::id).containsExactly("m1");
    }
  }

  @Test
  void theStoreAndTheRegistryShareOneDatabaseWithTheirOwnVersions() throws SQLException {
    try (TrajectoryStore store = TrajectoryStore.postgres(url); ModelRegistry registry = ModelRegistry.postgres(url)) {
      store.save(Trajectories.of("x", "o", 1.0));
      assertThat(registry.models()).isEmpty();
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT meta_key, meta_value FROM art_meta ORDER BY meta_key")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getString(2));
      }
      assertThat(rows).containsExactly("registry_schema_version=1", "trajectory_schema_version=1");
    }
  }
}
