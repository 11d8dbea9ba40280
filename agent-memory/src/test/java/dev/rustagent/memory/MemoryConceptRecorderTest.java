package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.workflow.LearningWorkflow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
