package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.RecallMode;

class H2StoreTest {

  @TempDir
  Path dir;

  private AgentMemory open(HashingEmbeddingModel model) {
    return AgentMemory.builder().h2(dir).embeddingModel(model).starterKnowledge(false).build();
  }

  private static Interaction interaction(String user) {
    return new Interaction("s", Instant.parse("2026-11-21T08:00:00Z"), user, "answer", "", true);
  }

  @Test
  void reopenedDatabaseHoldsEverythingAndRecallsIt() {
    try (AgentMemory memory = open(new HashingEmbeddingModel())) {
      memory.episodes().record(interaction("lifetime error in parser"));
      memory.semantic().put("remember this", Map.of("kind", "note"));
    }
    try (AgentMemory memory = open(new HashingEmbeddingModel())) {
      assertThat(memory.episodes().similar("parser lifetime", 1))
          .extracting(h -> h.value().interaction().userMessage()).containsExactly("lifetime error in parser");
      assertThat(memory.semantic().search(SemanticQuery.builder("remember").filter("kind", "note").build()))
          .hasSize(1);
    }
  }

  @Test
  void reopeningLoadsStoredVectorsWithoutReembedding() {
    try (AgentMemory memory = open(new HashingEmbeddingModel())) {
      memory.episodes().record(interaction("stored once"));
    }
    HashingEmbeddingModel model = new HashingEmbeddingModel();
    try (AgentMemory memory = open(model)) {
      assertThat(model.embedded.get()).isZero();
      assertThat(memory.episodes().count()).isEqualTo(1);
    }
  }

  @Test
  void equalTextsAreEmbeddedOnce() {
    HashingEmbeddingModel model = new HashingEmbeddingModel();
    try (AgentMemory memory = open(model)) {
      memory.semantic().put("same text", Map.of());
      memory.semantic().put("same text", Map.of());
      memory.semantic().search(SemanticQuery.builder("same text").build());

      assertThat(model.embedded.get()).isEqualTo(1);
    }
  }

  @Test
  void batchRecordsAreEmbeddedEvenWithoutAnEmbeddingCache() {
    try (AgentMemory memory = AgentMemory.builder().h2(dir).embeddingModel(new HashingEmbeddingModel())
        .embeddingCacheSize(0).starterKnowledge(false).build()) {
      memory.episodes().recordAll(java.util.List.of(interaction("tokio runtime panic"), interaction("serde rename")));

      assertThat(memory.episodes().similar("tokio runtime panic", 1, RecallMode.VECTOR))
          .extracting(h -> h.value().interaction().userMessage()).containsExactly("tokio runtime panic");
    }
    HashingEmbeddingModel model = new HashingEmbeddingModel();
    open(model).close();
    assertThat(model.embedded.get()).as("vectors were stored, nothing to backfill").isZero();
  }

  @Test
  void aCorruptedFileIsAClearErrorAndIsLeftUntouched() throws Exception {
    try (AgentMemory memory = open(new HashingEmbeddingModel())) {
      memory.episodes().record(interaction("x"));
    }
    Path file = dir.resolve("memory.mv.db");
    byte[] garbage = new byte[(int) Files.size(file)];
    java.util.Arrays.fill(garbage, (byte) 0x5A);
    Files.write(file, garbage);

    assertThatThrownBy(() -> open(new HashingEmbeddingModel()))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void aFileLockedByAnotherProcessIsAClearError() throws Exception {
    Process holder = MemoryChildProcess.start("hold", dir);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");

      assertThatThrownBy(() -> open(new HashingEmbeddingModel()))
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining(dir.resolve("memory.mv.db").toString())
          .hasMessageContaining("locked");
    } finally {
      MemoryChildProcess.stop(holder);
    }
  }

  @Test
  void openingTheSameFileTwiceInOneProcessIsAClearError() {
    try (AgentMemory first = open(new HashingEmbeddingModel())) {
      assertThatThrownBy(() -> open(new HashingEmbeddingModel()))
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining("already open in this process");
      assertThat(first.episodes().count()).isZero();
    }
    try (AgentMemory again = open(new HashingEmbeddingModel())) {
      assertThat(again.episodes().count()).isZero();
    }
  }

  @Test
  void aSchemaNewerThanTheCodeIsRefused() throws Exception {
    open(new HashingEmbeddingModel()).close();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("memory"), "sa", "");
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE memory_meta SET meta_value = '99' WHERE meta_key = 'schema_version'");
    }

    assertThatThrownBy(() -> open(new HashingEmbeddingModel()))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("memory.mv.db");
  }

  @Test
  void anEmbeddingDimensionMismatchIsRefused() {
    open(new HashingEmbeddingModel(384, "hash")).close();

    assertThatThrownBy(() -> open(new HashingEmbeddingModel(64, "hash")))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("384 dimensions")
        .hasMessageContaining("64 dimensions")
        .hasMessageContaining("memory.mv.db");
  }

  @Test
  void anExplicitReembedSwitchesModelAndKeepsRecall() {
    try (AgentMemory memory = open(new HashingEmbeddingModel(384, "hash-a"))) {
      memory.episodes().record(interaction("async runtime deadlock"));
    }
    HashingEmbeddingModel other = new HashingEmbeddingModel(64, "hash-b");
    try (AgentMemory memory = AgentMemory.builder().h2(dir).embeddingModel(other).reembedOnModelChange(true)
        .starterKnowledge(false).build()) {
      assertThat(other.embedded.get()).isEqualTo(1);
      assertThat(memory.stats().embeddingDimension()).isEqualTo(64);
      assertThat(memory.episodes().similar("deadlock async", 1, RecallMode.VECTOR)).hasSize(1);
    }
  }

  @Test
  void everythingAcknowledgedBeforeTheProcessIsKilledIsThereAfterReopen() throws Exception {
    Process writer = MemoryChildProcess.start("write", dir);
    int lastAck = -1;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (lastAck < 200 && (line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
        }
      }
    } finally {
      MemoryChildProcess.stop(writer);
    }
    assertThat(lastAck).isGreaterThanOrEqualTo(200);

    try (AgentMemory memory = AgentMemory.builder().h2(dir).keywordOnly().starterKnowledge(false).build()) {
      java.util.Set<String> stored = new java.util.HashSet<>();
      memory.episodes().session("crash").forEach(e -> stored.add(e.interaction().userMessage()));
      for (int i = 0; i <= lastAck; i++) {
        assertThat(stored).contains("task " + i);
      }
    }
  }

  @Test
  void episodesWhoseVectorsWereNotYetWrittenWhenTheProcessWasKilledAreReembeddedAndFoundByVector()
      throws Exception {
    Process writer = MemoryChildProcess.start("write", dir);
    int lastAck = -1;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (lastAck < 100 && (line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
        }
      }
    } finally {
      MemoryChildProcess.stop(writer);
    }
    HashingEmbeddingModel model = new HashingEmbeddingModel();

    try (AgentMemory memory = AgentMemory.builder().h2(dir).embeddingModel(model).starterKnowledge(false).build()) {
      assertThat(model.embedded.get()).as("re-embedded at open").isPositive();
      String last = "task " + lastAck;
      assertThat(memory.episodes().similar(last, 1, RecallMode.VECTOR))
          .extracting(s -> s.value().interaction().userMessage()).containsExactly(last);
    }
  }

  @Test
  void closingWritesThePendingVectorsSoReopeningEmbedsNothing() {
    try (AgentMemory memory = open(new HashingEmbeddingModel())) {
      memory.episodes().record(interaction("async runtime deadlock"));
      memory.episodes().record(interaction("borrow checker error"));
    }
    HashingEmbeddingModel model = new HashingEmbeddingModel();

    try (AgentMemory memory = open(model)) {
      assertThat(model.embedded.get()).isZero();
      assertThat(memory.episodes().similar("borrow checker error", 1, RecallMode.VECTOR))
          .extracting(s -> s.value().interaction().userMessage()).containsExactly("borrow checker error");
    }
  }

  @Test
  void anyJdbcDataSourceSpeakingTheSameSqlWorks() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:jdbc-test-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (AgentMemory memory = AgentMemory.builder().dataSource(ds).embeddingModel(new HashingEmbeddingModel())
        .starterKnowledge(false).build()) {
      memory.episodes().record(interaction("via a data source"));

      assertThat(memory.stats().episodes()).isEqualTo(1);
      assertThat(memory.stats().schemaVersion()).isEqualTo(2);
    }
  }

  @Test
  void theBuilderRequiresExactlyOneStore() {
    assertThatThrownBy(() -> AgentMemory.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AgentMemory.builder().inMemory().h2(dir).build())
        .isInstanceOf(IllegalStateException.class);
  }
}
