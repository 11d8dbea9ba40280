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
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.LearningMetrics.MetricSample;

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
  void importingTheSameExportTwiceDoesNotDuplicateSemanticItemsOrMetricSamples() {
    try (AgentMemory m = memory()) {
      fill(m);
      long items = m.semantic().count();
      m.exportTo(export);

      ArchiveSummary again = m.importFrom(export);

      assertThat(m.semantic().count()).isEqualTo(items);
      assertThat(m.metrics().all()).hasSize(1);
      assertThat(again.semanticItems()).isZero();
      assertThat(again.metricSamples()).isZero();
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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "fractional count      | analytics/usage-metrics.json | concepts_learned   | 2.5",
      "count beyond int      | analytics/usage-metrics.json | concepts_learned   | 99999999999999999999",
      "negative count        | analytics/usage-metrics.json | concepts_learned   | -1",
      "rate above one        | analytics/usage-metrics.json | success_rate       | 1.5",
      "endless response time | analytics/usage-metrics.json | avg_response_time_ms | 9223372036854775807",
      "far-future timestamp  | analytics/usage-metrics.json | timestamp          | \"+100000-01-01T00:00:00Z\""})
  void outOfRangeNumbersAreRefusedBeforeTheStoreIsTouched(String kind, String file, String field, String value)
      throws Exception {
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
    }
    Path bad = export.resolve(file);
    Files.writeString(bad, Files.readString(bad).replaceFirst("\"" + field + "\"\\s*:\\s*[^,}]+",
        "\"" + field + "\" : " + java.util.regex.Matcher.quoteReplacement(value)));
    try (AgentMemory fresh = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      assertThatThrownBy(() -> fresh.importFrom(export)).isInstanceOf(MemoryException.class)
          .hasMessageContaining(bad.toString()).hasMessageContaining(field);
      assertThat(fresh.stats().episodes()).isZero();
      assertThat(fresh.stats().metricSamples()).isZero();
    }
  }

  @Test
  void anOverlongPatternNameIsRefusedBeforeTheStoreIsTouched() throws Exception {
    try (AgentMemory m = memory()) {
      fill(m);
      m.exportTo(export);
    }
    Path pattern;
    try (var files = Files.list(export.resolve("memory/patterns"))) {
      pattern = files.findFirst().orElseThrow();
    }
    Files.writeString(pattern, Files.readString(pattern).replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"",
        "\"name\" : \"" + "n".repeat(300) + "\""));
    try (AgentMemory fresh = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      assertThatThrownBy(() -> fresh.importFrom(export)).isInstanceOf(MemoryException.class)
          .hasMessageContaining("longer than 256");
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
