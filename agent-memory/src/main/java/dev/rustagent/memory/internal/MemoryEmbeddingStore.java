package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic memory seen as a LangChain4j {@link EmbeddingStore} of text segments, so LangChain4j's
 * retrievers and ingestors read and write it. Items keep the caller's embedding (normalised) and the
 * segment's text and metadata (values as strings); ids are the items' numeric ids as strings. Scores are
 * LangChain4j relevance scores, {@code (cosine + 1) / 2}. Embeddings must come from a model of this
 * memory's dimension; a segment-less embedding is refused, because the memory keeps text.
 */
final class MemoryEmbeddingStore implements EmbeddingStore<TextSegment> {

  private final JdbcSemanticMemory memory;

  MemoryEmbeddingStore(JdbcSemanticMemory memory) {
    this.memory = memory;
  }

  @Override
  public String add(Embedding embedding) {
    throw new UnsupportedOperationException("agent memory keeps text: add an embedding with its TextSegment");
  }

  @Override
  public void add(String id, Embedding embedding) {
    throw new UnsupportedOperationException("agent memory keeps text and chooses its ids: use add(embedding, segment)");
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    requireNonNull(embedding, "embedding");
    requireNonNull(segment, "segment");
    Map<String, String> metadata = new LinkedHashMap<>();
    segment.metadata().toMap().forEach((k, v) -> metadata.put(k, String.valueOf(v)));
    MemoryItem item = memory.put(segment.text(), metadata, unit(embedding));
    return Long.toString(item.id());
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    throw new UnsupportedOperationException("agent memory keeps text: add embeddings with their TextSegments");
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings, List<TextSegment> segments) {
    if (embeddings.size() != segments.size()) {
      throw new IllegalArgumentException(embeddings.size() + " embeddings but " + segments.size() + " segments");
    }
    List<String> ids = new ArrayList<>(embeddings.size());
    for (int i = 0; i < embeddings.size(); i++) {
      ids.add(add(embeddings.get(i), segments.get(i)));
    }
    return ids;
  }

  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
    throw new UnsupportedOperationException("agent memory chooses its ids: use addAll(embeddings, segments)");
  }

  @Override
  public void remove(String id) {
    memory.delete(parseId(id));
  }

  @Override
  public void removeAll(Collection<String> ids) {
    ids.forEach(this::remove);
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    requireNonNull(request, "request");
    double minCosine = 2 * request.minScore() - 1;
    List<Scored<MemoryItem>> hits = memory.searchByVector(unit(request.queryEmbedding()), request.maxResults(),
        minCosine, LangChain4jFilters.toExact(request.filter()));
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(hits.size());
    for (Scored<MemoryItem> hit : hits) {
      MemoryItem item = hit.value();
      matches.add(new EmbeddingMatch<>(RelevanceScore.fromCosineSimilarity(hit.score()), Long.toString(item.id()),
          null, TextSegment.from(item.text(), dev.langchain4j.data.document.Metadata.from(item.metadata()))));
    }
    return new EmbeddingSearchResult<>(matches);
  }

  private static float[] unit(Embedding embedding) {
    return Embedder.normalize(requireNonNull(embedding, "embedding").vector().clone());
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(requireNonNull(id, "id"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an agent memory id: " + id);
    }
  }
}
