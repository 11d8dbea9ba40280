package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
}
