package dev.rustagent.bench.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-10 search over {@code size} stored 384-dimension memories: our semantic memory (vector-only
 * and hybrid, through the public API, including fetching the 10 items from H2) against LangChain4j's
 * {@link InMemoryEmbeddingStore} holding the same vectors. Query embedding is a cache hit on our side
 * and precomputed on theirs, so both measure search, not embedding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SemanticSearchBenchmark {

  @Param({"100000"})
  int size;

  private static final int QUERIES = 64;

  private AgentMemory memory;
  private InMemoryEmbeddingStore<TextSegment> peer;
  private final List<String> queryTexts = new ArrayList<>();
  private final List<Embedding> queryEmbeddings = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void load() {
    memory = AgentMemory.builder().inMemory().embeddingModel(new RandomEmbeddingModel())
        .starterKnowledge(false).embeddingCacheSize(1_000).build();
    peer = new InMemoryEmbeddingStore<>();
    List<Embedding> embeddings = new ArrayList<>(size);
    List<TextSegment> segments = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String text = "memory " + i + " about crate " + (i % 997) + " and error E0" + (i % 600);
      memory.semantic().put(text, Map.of("kind", i % 2 == 0 ? "fix" : "note"));
      embeddings.add(Embedding.from(RandomEmbeddingModel.vector(text)));
      segments.add(TextSegment.from(text));
    }
    peer.addAll(embeddings, segments);
    for (int q = 0; q < QUERIES; q++) {
      String text = "query " + q + " about crate " + q;
      queryTexts.add(text);
      queryEmbeddings.add(Embedding.from(RandomEmbeddingModel.vector(text)));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    memory.close();
  }

  private int nextQuery() {
    next = (next + 1) % QUERIES;
    return next;
  }

  /** Ours, vector similarity only (exact top-10). */
  @Benchmark
  public List<Scored<MemoryItem>> agentMemoryVector() {
    return memory.semantic().search(SemanticQuery.builder(queryTexts.get(nextQuery())).topK(10)
        .mode(RecallMode.VECTOR).build());
  }

  /** Ours, vector similarity fused with BM25 keyword relevance. */
  @Benchmark
  public List<Scored<MemoryItem>> agentMemoryHybrid() {
    return memory.semantic().search(SemanticQuery.builder(queryTexts.get(nextQuery())).topK(10).build());
  }

  /** LangChain4j's in-memory store with the same vectors. */
  @Benchmark
  public EmbeddingSearchResult<TextSegment> langchain4jInMemoryStore() {
    return peer.search(EmbeddingSearchRequest.builder().queryEmbedding(queryEmbeddings.get(nextQuery()))
        .maxResults(10).build());
  }
}
