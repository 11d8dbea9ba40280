package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

class SemanticMemoryTest {

  private final AgentMemory memory = AgentMemory.builder().inMemory()
      .embeddingModel(new HashingEmbeddingModel()).starterKnowledge(false).build();

  @AfterEach
  void close() {
    memory.close();
  }

  private void seed() {
    memory.semantic().put("use Arc<Mutex<T>> to share state between threads", Map.of("kind", "pattern"));
    memory.semantic().put("derive serde Serialize for config structs", Map.of("kind", "pattern"));
    memory.semantic().put("cargo test failed on windows path separators", Map.of("kind", "fix"));
    memory.semantic().put("share state between threads failed with Rc", Map.of("kind", "fix"));
  }

  @Test
  void searchReturnsAtMostTopKBestFirst() {
    seed();

    List<Scored<MemoryItem>> hits = memory.semantic().search(
        SemanticQuery.builder("share state between threads").topK(2).build());

    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    assertThat(hits).extracting(h -> h.value().text()).allMatch(t -> t.contains("threads"));
  }

  @Test
  void minScoreDropsWeakMatches() {
    seed();

    List<Scored<MemoryItem>> hits = memory.semantic().search(
        SemanticQuery.builder("serde config").minScore(0.5).build());

    assertThat(hits).isNotEmpty().allMatch(h -> h.score() >= 0.5);
    assertThat(hits).extracting(h -> h.value().text()).doesNotContain("cargo test failed on windows path separators");
  }

  @Test
  void metadataFiltersKeepOnlyMatchingItems() {
    seed();

    List<Scored<MemoryItem>> hits = memory.semantic().search(
        SemanticQuery.builder("share state between threads").filter("kind", "fix").build());

    assertThat(hits).isNotEmpty().allMatch(h -> h.value().metadata().get("kind").equals("fix"));
    assertThat(hits.get(0).value().text()).isEqualTo("share state between threads failed with Rc");
  }

  @Test
  void aFilterNothingMatchesReturnsNothing() {
    seed();

    assertThat(memory.semantic().search(SemanticQuery.builder("threads").filter("kind", "nope").build())).isEmpty();
  }

  @Test
  void putItemIsReadableWithItsMetadata() {
    MemoryItem item = memory.semantic().put("text", Map.of("kind", "note", "source", "test"));

    assertThat(memory.semantic().get(item.id())).contains(item);
  }

  @Test
  void deletedItemIsNoLongerFound() {
    MemoryItem item = memory.semantic().put("unique zebra fact", Map.of());

    assertThat(memory.semantic().delete(item.id())).isTrue();
    assertThat(memory.semantic().get(item.id())).isEmpty();
    assertThat(memory.semantic().search(SemanticQuery.builder("zebra").build())).isEmpty();
    assertThat(memory.semantic().delete(item.id())).isFalse();
  }

  @Test
  void vectorModeScoresAreCosineSimilarities() {
    MemoryItem item = memory.semantic().put("exact same words", Map.of());

    List<Scored<MemoryItem>> hits = memory.semantic().search(
        SemanticQuery.builder("exact same words").mode(RecallMode.VECTOR).build());

    assertThat(hits.get(0).value()).isEqualTo(item);
    assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void keywordOnlyMemoryRecallsByKeywordsAndRefusesVectorMode() {
    try (AgentMemory keywords = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      keywords.semantic().put("E0502 cannot borrow as mutable", Map.of());
      keywords.semantic().put("tokio runtime panics", Map.of());

      assertThat(keywords.semantic().search(SemanticQuery.builder("e0502").build()))
          .extracting(h -> h.value().text()).containsExactly("E0502 cannot borrow as mutable");
      assertThatThrownBy(() -> keywords.semantic().search(
          SemanticQuery.builder("x").mode(RecallMode.VECTOR).build()))
          .isInstanceOf(MemoryException.class).hasMessageContaining("embedding model");
      assertThat(keywords.stats().embeddingModel()).isEqualTo("none (keyword recall)");
    }
  }

  @Test
  void overlongMetadataValueIsRejectedAndNothingIsStored() {
    assertThatThrownBy(() -> memory.semantic().put("t", Map.of("k", "v".repeat(5000))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    assertThat(memory.semantic().count()).isZero();
  }
}
