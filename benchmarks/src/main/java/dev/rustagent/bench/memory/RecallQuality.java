package dev.rustagent.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryItem;
import dev.rustagent.memory.RecallMode;
import dev.rustagent.memory.Scored;
import dev.rustagent.memory.SemanticQuery;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Recall@1 and recall@5 of semantic memory on the labelled set {@code recall-set.json} (each query has
 * the one memory that should come first), for vector-only, keyword-only and hybrid recall, with the
 * in-process all-MiniLM-L6-v2 model. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.rustagent.bench.memory.RecallQuality}
 */
public final class RecallQuality {

  private RecallQuality() {}

  /**
   * @param args unused
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    JsonNode set;
    try (InputStream in = RecallQuality.class.getResourceAsStream("recall-set.json")) {
      set = new ObjectMapper().readTree(in);
    }
    try (AgentMemory memory = AgentMemory.builder().inMemory().starterKnowledge(false).build()) {
      if (memory.stats().embeddingDimension() == 0) {
        throw new IllegalStateException("all-MiniLM-L6-v2 is not on the classpath");
      }
      for (JsonNode m : set.get("memories")) {
        memory.semantic().put(m.get("text").asText(), Map.of("label", m.get("id").asText()));
      }
      int queries = set.get("queries").size();
      System.out.printf("memories=%d queries=%d model=%s%n", set.get("memories").size(), queries,
          memory.stats().embeddingModel());
      System.out.println("| mode | recall@1 | recall@5 |");
      System.out.println("|---|---|---|");
      for (RecallMode mode : List.of(RecallMode.VECTOR, RecallMode.KEYWORD, RecallMode.HYBRID)) {
        int at1 = 0;
        int at5 = 0;
        for (JsonNode q : set.get("queries")) {
          String expected = q.get("expected").asText();
          List<Scored<MemoryItem>> hits = memory.semantic().search(
              SemanticQuery.builder(q.get("query").asText()).topK(5).mode(mode).build());
          for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).value().metadata().get("label").equals(expected)) {
              at1 += i == 0 ? 1 : 0;
              at5++;
              break;
            }
          }
        }
        System.out.printf("| %s | %.3f (%d/%d) | %.3f (%d/%d) |%n", mode, (double) at1 / queries, at1, queries,
            (double) at5 / queries, at5, queries);
      }
    }
  }
}
