package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.workflow.LearningWorkflow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.MemoryPlugin.MemoryConceptRecorder;
import dev.rustagent.memory.LearningMetrics.MetricSample;

class MemoryConceptRecorderTest {

  @TempDir
  Path data;

  @Test
  void explanationsAreRecordedAsConceptsLearnedAndRecalledByExactConcept() {
    try (AgentMemory memory = AgentMemory.h2(data)) {
      MemoryConceptRecorder recorder = MemoryPlugin.of(memory).conceptRecorder();
      recorder.record("Send", LearningWorkflow.Level.BEGINNER, "Send moves ownership across threads.");

      assertThat(recorder.recall("Send")).singleElement().asString()
          .isEqualTo("Send (beginner): Send moves ownership across threads.");
      assertThat(recorder.recall("Sync")).isEmpty();
    }
    try (AgentMemory reopened = AgentMemory.h2(data)) {
      assertThat(MemoryConceptRecorder.of(reopened).recall("Send")).hasSize(1);
    }
  }

  @Test
  void eachRecordedConceptCountsUpTheConceptsLearnedKeepingTheOtherFigures() {
    try (AgentMemory memory = AgentMemory.inMemory()) {
      memory.metrics().record(new MetricSample(java.time.Instant.parse("2026-01-01T00:00:00Z"), 4, 0.75,
          java.time.Duration.ofMillis(900)));
      MemoryConceptRecorder recorder = MemoryConceptRecorder.of(memory);

      recorder.record("Send", LearningWorkflow.Level.BEGINNER, "Send moves ownership across threads.");
      recorder.record("Sync", LearningWorkflow.Level.EXPERT, "Sync shares references across threads.");

      assertThat(memory.metrics().all()).extracting(MetricSample::conceptsLearned).containsExactly(4, 5, 6);
      assertThat(memory.metrics().latest()).get().satisfies(m -> {
        assertThat(m.successRate()).isEqualTo(0.75);
        assertThat(m.averageResponseTime()).isEqualTo(java.time.Duration.ofMillis(900));
      });
    }
  }

  @Test
  void theLearningWorkflowsExplanationCountsAsAConceptLearned() {
    try (AgentMemory memory = AgentMemory.inMemory()) {
      dev.rustagent.core.Agent agent = dev.rustagent.core.Agent.builder().chatModel(
          dev.rustagent.testkit.ScriptedChatModel.builder().thenText("A lifetime names how long a borrow lives.")
              .build()).build();

      LearningWorkflow.of(agent, "lifetimes", LearningWorkflow.Level.BEGINNER, MemoryConceptRecorder.of(memory))
          .run();

      assertThat(memory.metrics().latest()).get().extracting(MetricSample::conceptsLearned).isEqualTo(1);
    }
  }
}
