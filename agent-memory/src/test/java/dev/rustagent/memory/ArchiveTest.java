package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {

  @TempDir
  Path export;

  private static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

  private static AgentMemory memory() {
    return AgentMemory.builder().inMemory().embeddingModel(new HashingEmbeddingModel()).build();
  }

  private static void fill(AgentMemory m) {
    m.episodes().record(new Interaction("session-1", T, "fix E0382", "cloned", "ctx", true));
    m.episodes().record(new Interaction("weird/id:2", T.plusSeconds(5), "add tests", "added", "", false));
    m.semantic().put("a success pattern", Map.of("kind", "success-pattern"));
    m.knowledge().recordPatternUse(m.knowledge().patterns().get(0).id(), true);
    m.metrics().record(new MetricSample(T, 2, 0.5, Duration.ofMillis(1500)));
  }

  @Test
  void exportWritesTheSeedLayout() {
    try (AgentMemory m = memory()) {
      fill(m);
      ArchiveSummary summary = m.exportTo(export);

      assertThat(export.resolve("memory/conversations/session-1.json")).isRegularFile();
      assertThat(export.resolve("memory/patterns/" + m.knowledge().patterns().get(0).id() + ".json")).isRegularFile();
      assertThat(export.resolve("knowledge/git-commands.json")).isRegularFile();
      assertThat(export.resolve("knowledge/linux-commands.json")).isRegularFile();
      assertThat(export.resolve("analytics/usage-metrics.json")).isRegularFile();
      assertThat(summary.episodes()).isEqualTo(2);
      assertThat(summary.patterns()).isEqualTo(m.knowledge().patterns().size());
    }
  }

  @Test
  void importIntoAnEmptyMemoryRestoresEverything() {
    MemoryStats before;
    java.util.List<Episode> session;
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
      before = m.stats();
      session = m.episodes().session("weird/id:2");
    }
    try (AgentMemory fresh = AgentMemory.builder().inMemory().embeddingModel(new HashingEmbeddingModel())
        .starterKnowledge(false).build()) {
      fresh.importFrom(export);

      assertThat(fresh.stats()).isEqualTo(before);
      assertThat(fresh.episodes().session("weird/id:2")).extracting(Episode::interaction)
          .containsExactlyElementsOf(session.stream().map(Episode::interaction).toList());
      assertThat(fresh.knowledge().patterns().stream().mapToInt(CodePattern::useCount).sum()).isEqualTo(1);
      assertThat(fresh.semantic().search(SemanticQuery.builder("pattern").filter("kind", "success-pattern").build()))
          .hasSize(1);
    }
  }

  @Test
  void importingTheSameExportTwiceDoesNotDuplicateEpisodes() {
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
      m.importFrom(export);

      assertThat(m.episodes().count()).isEqualTo(2);
    }
  }

  @Test
  void aMalformedFileIsNamedAndNothingIsImported() throws Exception {
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
    }
    Path bad = export.resolve("analytics/usage-metrics.json");
    Files.writeString(bad, "{\"learning_metrics\": [{\"timestamp\": \"yesterday\"}]}");
    try (AgentMemory fresh = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      assertThatThrownBy(() -> fresh.importFrom(export))
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining(bad.toString());
      assertThat(fresh.stats().episodes()).isZero();
    }
  }

  @Test
  void exportLeavesNoTemporaryFiles() throws Exception {
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
      m.exportTo(export);
    }
    try (var files = Files.walk(export)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }
}
