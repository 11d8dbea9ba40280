package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.core.Agent;
import dev.rustagent.testkit.PostgresCluster;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.testkit.PostgresCluster.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;

/** Agent memory on a real PostgreSQL server (a throwaway cluster), shared by several processes. */
@ExtendWith(PostgresExtension.class)
class PostgresMemoryTest {

  private String url;

  @BeforeEach
  void database(PostgresCluster pg) {
    url = pg.createDatabase();
  }

  private AgentMemory open() {
    return AgentMemory.builder().postgres(url).starterKnowledge(false).embeddingModel(new HashingEmbeddingModel())
        .build();
  }

  @Test
  void migratesAnEmptyDatabaseAndRecallsWhatWasPut() {
    try (AgentMemory memory = open()) {
      memory.semantic().put("borrowck error E0382: use of moved value, fixed with clone()", Map.of("kind", "fix"));
      memory.semantic().put("tokio runtime panics when blocking inside async", Map.of("kind", "fix"));

      assertThat(memory.stats().schemaVersion()).isEqualTo(2);
      assertThat(memory.semantic().search(SemanticQuery.builder("moved value E0382").build()))
          .first().extracting(s -> s.value().text()).asString().contains("E0382");
    }
  }

  @Test
  void reopeningKeepsEverythingAndDoesNotMigrateAgain() {
    try (AgentMemory memory = open()) {
      memory.episodes().record(new Interaction("s1", Instant.now(), "fix the lifetime error", "added 'a", "", true));
    }
    try (AgentMemory memory = open()) {
      assertThat(memory.episodes().session("s1")).hasSize(1);
      assertThat(memory.episodes().similar("lifetime error", 1)).hasSize(1);
    }
  }

  @Test
  void aMemoryWrittenByAnotherProcessIsRecalledWithoutRestart() throws Exception {
    try (AgentMemory memory = open()) {
      Process child = MemoryChildProcess.start("postgres-put", url, "cargo clippy flags needless_borrow in build.rs");
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();

      eventually(() -> !memory.semantic().search(SemanticQuery.builder("needless_borrow clippy").build()).isEmpty());
      assertThat(memory.semantic().search(SemanticQuery.builder("needless_borrow clippy").build()).get(0).value().metadata())
          .containsEntry("from", "child");
    }
  }

  @Test
  void whatOneAgentProcessLearnedIsRecalledByAnotherAgentWithoutRestart() throws Exception {
    try (AgentMemory memory = open()) {
      ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();
      Agent agent = Agent.builder().chatModel(model).plugin(MemoryPlugin.of(memory)).build();

      Process child = MemoryChildProcess.start("postgres-agent", url,
          "fix error E0599 no method named iter_mut found for Option", "call as_mut() before iter_mut()");
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      eventually(() -> !memory.episodes().similar("E0599 iter_mut", 1).isEmpty());

      agent.run("again E0599: no method named iter_mut on Option");

      assertThat(model.lastRequest().messages().get(0).toString()).contains("call as_mut() before iter_mut()");
    }
  }

  @Test
  void aDeletionByAnotherInstanceDisappearsFromRecall() throws Exception {
    try (AgentMemory a = open(); AgentMemory b = open()) {
      MemoryItem item = a.semantic().put("serde rename_all camelCase on enums", Map.of());
      eventually(() -> !b.semantic().search(SemanticQuery.builder("serde rename_all").build()).isEmpty());

      assertThat(a.semantic().delete(item.id())).isTrue();

      eventually(() -> b.semantic().search(SemanticQuery.builder("serde rename_all").build()).isEmpty());
    }
  }

  @Test
  void concurrentWritersInTwoInstancesNeitherLoseNorDuplicateARecord() throws Exception {
    int perThread = 60;
    try (AgentMemory a = open(); AgentMemory b = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> writes = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          AgentMemory target = t % 2 == 0 ? a : b;
          int thread = t;
          writes.add(pool.submit(() -> {
            for (int i = 0; i < perThread; i++) {
              target.semantic().put("writer" + thread + " item" + i, Map.of("writer", "w" + thread));
              target.episodes().record(new Interaction("w" + thread, Instant.now(), "task " + i, "ok", "", true));
            }
            return null;
          }));
        }
        for (Future<?> f : writes) {
          f.get(300, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.semantic().count()).isEqualTo(6L * perThread);
      assertThat(distinctTexts()).isEqualTo(6 * perThread);
      assertThat(a.stats().episodes()).isEqualTo(6L * perThread);
      // each instance recalls the other's writes
      eventually(() -> a.semantic().search(SemanticQuery.builder("writer1 item7").topK(1)
          .filter("writer", "w1").build()).size() == 1
          && b.semantic().search(SemanticQuery.builder("writer0 item7").topK(1).filter("writer", "w0").build())
              .size() == 1);
    }
  }

  @Test
  void twoInstancesLoadingStarterKnowledgeAtOnceStoreItOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<AgentMemory>> opened = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opened.add(pool.submit(() -> AgentMemory.builder().postgres(url).keywordOnly().build()));
      }
      List<AgentMemory> memories = new ArrayList<>();
      for (Future<AgentMemory> f : opened) {
        memories.add(f.get(300, TimeUnit.SECONDS));
      }
      try {
        long patterns = memories.get(0).stats().patterns();
        assertThat(patterns).isPositive();
        try (AgentMemory third = AgentMemory.builder().postgres(url).keywordOnly().build()) {
          assertThat(third.stats().patterns()).isEqualTo(patterns);
        }
      } finally {
        memories.forEach(AgentMemory::close);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSchemaNewerThanTheCodeIsRefused() throws SQLException {
    open().close();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE memory_meta SET meta_value = '7' WHERE meta_key = 'schema_version'");
    }
    assertThatThrownBy(this::open)
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("schema version 7")
        .hasMessageContaining("newer than this code supports (2)");
  }

  @Test
  void aDroppedConnectionIsRetriedOnANewOne() throws SQLException {
    try (AgentMemory memory = open()) {
      memory.semantic().put("before the drop", Map.of());
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        // ends every other session on this database: the pool's connections and the listener's
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
      }

      memory.semantic().put("after the drop", Map.of());

      assertThat(memory.semantic().count()).isEqualTo(2);
    }
  }

  @Test
  void aPostgresUrlThatIsNotOneIsRefused() {
    assertThatThrownBy(() -> AgentMemory.postgres("jdbc:h2:mem:x;password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL JDBC URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anUnreachableServerIsAClearError() {
    String dead = "jdbc:postgresql://127.0.0.1:1/none?user=postgres&connectTimeout=2";
    assertThatThrownBy(() -> AgentMemory.builder().postgres(dead).keywordOnly().build())
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void aServerKilledMidWriteLosesNoAcknowledgedRecord() throws Exception {
    try (PostgresCluster own = PostgresCluster.create()) {
      String ownUrl = own.createDatabase();
      Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
      List<String> errors = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      try (AgentMemory memory = AgentMemory.builder().postgres(ownUrl).starterKnowledge(false).keywordOnly().build()) {
        Thread writer = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              memory.semantic().put("record " + i, Map.of());
              acknowledged.add(i);
            } catch (MemoryException e) {
              errors.add(e.getMessage());
            }
          }
        });
        writer.start();
        eventually(() -> acknowledged.size() >= 30);
        own.kill();
        int atKill = acknowledged.size();
        Thread.sleep(500);
        own.start();
        eventually(() -> acknowledged.size() >= atKill + 30);
        stop.set(true);
        writer.join(60_000);
      }
      Map<String, Integer> stored = new HashMap<>();
      try (Connection c = DriverManager.getConnection(ownUrl); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT text FROM memories")) {
        while (rs.next()) {
          stored.merge(rs.getString(1), 1, Integer::sum);
        }
      }
      for (int i : acknowledged) {
        assertThat(stored.get("record " + i)).as("record %d", i).isEqualTo(1);
      }
      assertThat(Collections.max(stored.values())).isEqualTo(1);
      assertThat(errors).allSatisfy(m -> assertThat(m).containsAnyOf("may or may not", "unreachable"));
    }
  }

  private int distinctTexts() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT text) FROM memories")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(50);
    }
  }
}
