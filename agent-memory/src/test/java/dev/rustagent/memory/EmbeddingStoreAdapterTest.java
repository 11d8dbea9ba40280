package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

/** Semantic memory and LangChain4j embedding stores, both ways. */
class EmbeddingStoreAdapterTest {

  private final HashingEmbeddingModel model = new HashingEmbeddingModel();

  private AgentMemory memory() {
    return AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(model).build();
  }

  private Embedding embed(String text) {
    return model.embed(text).content();
  }

  @Test
  void langChain4jsRetrieverFindsWhatTheAgentRemembered() {
    try (AgentMemory memory = memory()) {
      memory.semantic().put("E0499: cannot borrow as mutable more than once; split the borrow", Map.of("kind", "fix"));
      memory.semantic().put("serde: rename fields with rename_all", Map.of("kind", "tip"));

      List<Content> found = EmbeddingStoreContentRetriever.builder().embeddingStore(memory.embeddingStore())
          .embeddingModel(model).maxResults(1).build().retrieve(Query.from("borrow as mutable twice E0499"));

      assertThat(found).singleElement().satisfies(c -> {
        assertThat(c.textSegment().text()).contains("E0499");
        assertThat(c.textSegment().metadata().getString("kind")).isEqualTo("fix");
      });
    }
  }

  @Test
  void whatLangChain4jAddsIsRecalledByTheAgentWithItsMetadata() {
    try (AgentMemory memory = memory()) {
      String text = "clippy::needless_collect: iterate directly instead of collecting";
      String id = memory.embeddingStore().add(embed(text), TextSegment.from(text, Metadata.from("source", "docs")));

      List<Scored<MemoryItem>> hits = memory.semantic().search(SemanticQuery.builder("needless_collect clippy").build());

      assertThat(hits).first().satisfies(h -> {
        assertThat(h.value().id()).isEqualTo(Long.parseLong(id));
        assertThat(h.value().metadata()).containsEntry("source", "docs");
      });
    }
  }

  @Test
  void searchesFilterByMetadataEqualityAndScoreAsRelevance() {
    try (AgentMemory memory = memory()) {
      EmbeddingStore<TextSegment> store = memory.embeddingStore();
      memory.semantic().put("tokio spawn blocking", Map.of("kind", "fix"));
      memory.semantic().put("tokio spawn blocking task", Map.of("kind", "tip"));

      List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
          .queryEmbedding(embed("tokio spawn blocking")).maxResults(5).filter(new IsEqualTo("kind", "tip")).build())
          .matches();

      assertThat(matches).singleElement().satisfies(m -> {
        assertThat(m.embedded().metadata().getString("kind")).isEqualTo("tip");
        assertThat(m.score()).isBetween(0.5, 1.0);
      });
    }
  }

  @Test
  void whatTheAdapterCannotHonourIsRefusedWithAReason() {
    try (AgentMemory memory = memory()) {
      EmbeddingStore<TextSegment> store = memory.embeddingStore();
      assertThatThrownBy(() -> store.add(embed("no text")))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("TextSegment");
      assertThatThrownBy(() -> store.search(EmbeddingSearchRequest.builder().queryEmbedding(embed("x"))
          .filter(new IsGreaterThan("year", 2020)).build()))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("IsGreaterThan");
      assertThatThrownBy(() -> store.add(Embedding.from(new float[] {1, 0, 0}), TextSegment.from("short vector")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 3 dimensions");
      assertThat(memory.semantic().count()).isZero();
    }
  }

  @Test
  void anyLangChain4jStoreServesAsTheAgentsSemanticMemory() {
    InMemoryEmbeddingStore<TextSegment> external = new InMemoryEmbeddingStore<>();
    try (AgentMemory memory = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(model)
        .semanticStore(external).build()) {
      MemoryItem fix = memory.semantic().put("lifetime error: borrowed value does not live long enough",
          Map.of("kind", "fix"));
      memory.semantic().put("cargo fmt check in CI", Map.of("kind", "tip"));

      List<Scored<MemoryItem>> hits = memory.semantic().search(SemanticQuery.builder("value does not live long enough")
          .topK(1).filter("kind", "fix").build());

      assertThat(hits).singleElement().satisfies(h -> {
        assertThat(h.value()).isEqualTo(fix);
        assertThat(h.score()).isBetween(0.0, 1.0);
      });
      assertThat(memory.semantic().get(fix.id())).contains(fix);
      assertThat(external.search(EmbeddingSearchRequest.builder().queryEmbedding(embed("cargo fmt")).maxResults(10)
          .build()).matches()).hasSize(2);
      assertThat(memory.semantic().delete(fix.id())).isTrue();
      assertThat(memory.semantic().get(fix.id())).isEmpty();
      assertThat(memory.semantic().delete(fix.id())).isFalse();
    }
  }

  @Test
  void anExternalStoreRefusesKeywordRecallAndCounting() {
    try (AgentMemory memory = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(model)
        .semanticStore(new InMemoryEmbeddingStore<>()).build()) {
      assertThatThrownBy(() -> memory.semantic().search(SemanticQuery.builder("x").mode(RecallMode.KEYWORD).build()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> memory.semantic().count()).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void anExternalStoreNeedsAnEmbeddingModel() {
    assertThatThrownBy(() -> AgentMemory.builder().inMemory().keywordOnly()
        .semanticStore(new InMemoryEmbeddingStore<>()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("embedding model");
  }
}
