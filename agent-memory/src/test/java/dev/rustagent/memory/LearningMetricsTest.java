package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.LearningMetrics.MetricSample;

class LearningMetricsTest {

  @Test
  void betweenReturnsTheSamplesInTheHalfOpenRangeOldestFirst() {
    Instant t = Instant.parse("2026-11-21T00:00:00Z");
    try (AgentMemory memory = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      MetricSample a = new MetricSample(t, 1, 0.5, Duration.ofMillis(1200));
      MetricSample b = new MetricSample(t.plusSeconds(60), 3, 0.75, Duration.ofMillis(900));
      MetricSample c = new MetricSample(t.plusSeconds(120), 4, 0.8, Duration.ofMillis(800));
      memory.metrics().record(c);
      memory.metrics().record(a);
      memory.metrics().record(b);

      assertThat(memory.metrics().between(t, t.plusSeconds(120))).containsExactly(a, b);
      assertThat(memory.metrics().all()).containsExactly(a, b, c);
    }
  }

  @Test
  void eachRunsCacheAwareTokensAddUpInTheSamples() {
    try (AgentMemory memory = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      dev.langchain4j.model.chat.ChatModel model = new dev.langchain4j.model.chat.ChatModel() {
        @Override
        public dev.langchain4j.model.chat.response.ChatResponse doChat(
            dev.langchain4j.model.chat.request.ChatRequest request) {
          return dev.langchain4j.model.chat.response.ChatResponse.builder()
              .aiMessage(dev.langchain4j.data.message.AiMessage.from("ok"))
              .tokenUsage(new dev.rustagent.core.AgentResult.CacheAwareTokenUsage(10, 300, 200, 5)).build();
        }
      };
      dev.rustagent.core.Agent agent = dev.rustagent.core.Agent.builder().chatModel(model)
          .plugin(MemoryPlugin.of(memory)).build();

      agent.run("first");
      agent.run("second");

      assertThat(memory.metrics().all()).extracting(MetricSample::inputTokens, MetricSample::cacheWriteTokens,
          MetricSample::cacheReadTokens, MetricSample::outputTokens)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 300L, 200L, 5L),
              org.assertj.core.groups.Tuple.tuple(20L, 600L, 400L, 10L));
    }
  }

  @Test
  void aDatabaseWrittenBeforeTokenCountsMigratesAndKeepsItsSamples(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    Instant t = Instant.parse("2026-11-21T00:00:00Z");
    try (AgentMemory memory = AgentMemory.builder().h2(dir).keywordOnly().starterKnowledge(false).build()) {
      memory.metrics().record(new MetricSample(t, 2, 0.5, Duration.ofMillis(700)));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("memory"), "sa",
        ""); java.sql.Statement s = c.createStatement()) {
      for (String column : new String[] {"input_tokens", "cache_write_tokens", "cache_read_tokens", "output_tokens"}) {
        s.executeUpdate("ALTER TABLE learning_metrics DROP COLUMN " + column);
      }
      s.executeUpdate("UPDATE memory_meta SET meta_value = '1' WHERE meta_key = 'schema_version'");
    }

    try (AgentMemory reopened = AgentMemory.builder().h2(dir).keywordOnly().starterKnowledge(false).build()) {
      assertThat(reopened.metrics().all()).containsExactly(new MetricSample(t, 2, 0.5, Duration.ofMillis(700)));
      reopened.metrics().record(new MetricSample(t.plusSeconds(1), 2, 0.5, Duration.ofMillis(700), 1, 2, 3, 4));
      assertThat(reopened.metrics().latest()).get().extracting(MetricSample::cacheReadTokens).isEqualTo(3L);
    }
  }
}
