package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.EpisodicMemory.Interaction;

/** Issue 10 §8: a damaged or emptied memory file is refused, named, and a backup is kept. */
class StoreIntegrityTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve(AgentMemory.H2_FILE_NAME + ".mv.db");
  }

  private AgentMemory open() {
    return AgentMemory.builder().h2(dir).embeddingModel(new HashingEmbeddingModel()).starterKnowledge(false).build();
  }

  private void record(int from, int to) {
    try (AgentMemory memory = open()) {
      for (int i = from; i < to; i++) {
        memory.episodes().record(new Interaction("s" + (i % 3), Instant.parse("2026-11-21T08:00:00Z").plusSeconds(i),
            "question number " + i + " ".repeat(i % 50) + "about lifetimes", "answer " + i, "ctx", i % 2 == 0));
        memory.semantic().put("note " + i, Map.of("kind", "note"));
      }
    }
  }

  @Test
  void aHealthyStoreHasNoZeroedBlockAfterManyWritesAndReopens() {
    for (int round = 0; round < 5; round++) {
      record(round * 60, round * 60 + 60);
    }

    try (AgentMemory memory = open()) {
      assertThat(memory.episodes().count()).isEqualTo(300);
    }
    assertThat(dev.rustagent.memory.internal.H2FileGuard.backupOf(file())).exists();
  }

  @Test
  void anEmptyFileIsRefusedNamingTheFileInsteadOfBeingReset() throws IOException {
    record(0, 5);
    open().close();
    Files.write(file(), new byte[0]);

    assertThatThrownBy(this::open).isInstanceOf(MemoryException.class)
        .hasMessageContaining(file().toString()).hasMessageContaining("empty")
        .hasMessageContaining(file() + ".bak");
    assertThat(Files.size(file())).isZero();
  }

  @Test
  void zeroedPagesAreRefusedNamingTheFileAndTheBackupRestoresEverything() throws IOException {
    record(0, 40);
    open().close();
    long size = Files.size(file());
    try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
      long start = Math.max(3 * 4096, size - 5 * 4096);
      raf.seek(start);
      raf.write(new byte[3 * 4096]);
    }

    assertThatThrownBy(this::open).isInstanceOf(MemoryException.class)
        .hasMessageContaining(file().toString()).hasMessageContaining("zeros");

    Files.copy(dev.rustagent.memory.internal.H2FileGuard.backupOf(file()), file(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (AgentMemory memory = open()) {
      assertThat(memory.episodes().count()).isEqualTo(40);
    }
  }

  @Test
  void noTraceFileGrowsBesideTheStore() {
    record(0, 3);
    record(3, 6);

    assertThat(dir.resolve(AgentMemory.H2_FILE_NAME + ".trace.db")).doesNotExist();
  }
}
