package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.memory.internal.DefaultEmbeddingModel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

class EmbeddingModelTest {

  @Test
  void withoutTheMiniLmJarThereIsNoDefaultModel() {
    ClassLoader platformOnly = ClassLoader.getPlatformClassLoader();

    assertThat(DefaultEmbeddingModel.find(platformOnly)).isEmpty();
  }

  @Test
  void theRealMiniLmModelRecallsAParaphrasedTask() {
    try (AgentMemory memory = AgentMemory.builder().inMemory().starterKnowledge(false).build()) {
      assertThat(memory.stats().embeddingDimension()).isEqualTo(384);
      Instant t = Instant.parse("2026-11-21T08:00:00Z");
      memory.episodes().record(new Interaction("s", t, "The program crashes with a stack overflow in the recursive tree walk",
          "made the traversal iterative", "", true));
      memory.episodes().record(new Interaction("s", t, "Publish the crate to crates.io", "ran cargo publish", "", true));
      memory.episodes().record(new Interaction("s", t, "Format all source files", "ran cargo fmt", "", true));

      List<Scored<Episode>> hits = memory.episodes().similar("deep recursion blows the stack when traversing a tree", 1,
          RecallMode.VECTOR);

      assertThat(hits.get(0).value().interaction().agentResponse()).isEqualTo("made the traversal iterative");
    }
  }
}
