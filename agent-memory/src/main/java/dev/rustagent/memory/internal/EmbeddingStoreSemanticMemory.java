package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.SemanticMemory;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic memory kept in any LangChain4j {@link EmbeddingStore} (PgVector, Chroma, in-memory, ...):
 * texts are embedded with the given model and stored with their metadata plus our numeric id under
 * {@value #ID_KEY} (a random positive long, also the store's id as a string). The store ranks by its
 * vectors alone, so {@link RecallMode#HYBRID} ranks as {@link RecallMode#VECTOR} does and
 * {@link RecallMode#KEYWORD} is refused; scores are cosine similarities like ours. The store API cannot
 * count, so {@link #count()} is unsupported.
 */
public final class EmbeddingStoreSemanticMemory implements SemanticMemory {

  /** The metadata key holding an item's numeric id. */
  public static final String ID_KEY = "rust_agent_id";
  private static final SecureRandom IDS = new SecureRandom();

  private final EmbeddingStore<TextSegment> store;
  private final EmbeddingModel model;

  /**
   * @param store where the items live
   * @param model embeds texts and queries
   */
  public EmbeddingStoreSemanticMemory(EmbeddingStore<TextSegment> store, EmbeddingModel model) {
    this.store = requireNonNull(store, "store");
    this.model = requireNonNull(model, "model");
  }

  @Override
  public MemoryItem put(String text, Map<String, String> metadata) {
    requireNonNull(text, "text");
    requireNonNull(metadata, "metadata");
    if (metadata.containsKey(ID_KEY)) {
      throw new IllegalArgumentException("metadata key " + ID_KEY + " is reserved");
    }
    long id = IDS.nextLong() & Long.MAX_VALUE;
    Map<String, Object> stored = new LinkedHashMap<>(metadata);
    stored.put(ID_KEY, Long.toString(id));
    TextSegment segment = TextSegment.from(text, Metadata.from(stored));
    store.addAll(List.of(Long.toString(id)), List.of(model.embed(segment).content()), List.of(segment));
    return new MemoryItem(id, text, metadata);
  }

  @Override
  public Optional<MemoryItem> get(long id) {
    // the store API has no lookup by id: search with an id filter and any query vector
    List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
        .queryEmbedding(model.embed(ID_KEY).content()).maxResults(1).minScore(0.0)
        .filter(new IsEqualTo(ID_KEY, Long.toString(id))).build()).matches();
    return matches.stream().findFirst().map(m -> item(m.embedded()));
  }

  @Override
  public List<Scored<MemoryItem>> search(SemanticQuery query) {
    requireNonNull(query, "query");
    if (query.mode() == RecallMode.KEYWORD) {
      throw new UnsupportedOperationException("a LangChain4j embedding store ranks by vectors; keyword recall needs"
          + " the built-in semantic memory");
    }
    Filter filter = LangChain4jFilters.fromExact(query.filters());
    // NaN asks for the memory's calibrated floor; an external store has none (its model is the host's),
    // so it keeps everything unless the query sets a minimum score
    double minRelevance = Double.isNaN(query.minScore()) || Double.isInfinite(query.minScore()) ? 0.0
        : Math.max(0.0, (query.minScore() + 1) / 2);
    List<Scored<MemoryItem>> out = new ArrayList<>();
    for (EmbeddingMatch<TextSegment> m : store.search(EmbeddingSearchRequest.builder()
        .queryEmbedding(model.embed(query.text()).content()).maxResults(query.topK()).minScore(minRelevance)
        .filter(filter).build()).matches()) {
      if (m.embedded() != null) {
        out.add(new Scored<>(item(m.embedded()), CosineSimilarity.fromRelevanceScore(m.score())));
      }
    }
    return out;
  }

  @Override
  public boolean delete(long id) {
    if (get(id).isEmpty()) {
      return false;
    }
    store.remove(Long.toString(id));
    return true;
  }

  @Override
  public long count() {
    throw new UnsupportedOperationException("the LangChain4j EmbeddingStore API cannot count its items");
  }

  private static MemoryItem item(TextSegment segment) {
    Map<String, String> metadata = new LinkedHashMap<>();
    long id = 0;
    for (Map.Entry<String, Object> e : segment.metadata().toMap().entrySet()) {
      if (e.getKey().equals(ID_KEY)) {
        id = Long.parseLong(String.valueOf(e.getValue()));
      } else {
        metadata.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    return new MemoryItem(id, segment.text(), metadata);
  }
}
