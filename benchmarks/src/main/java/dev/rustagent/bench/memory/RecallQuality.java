package dev.rustagent.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Recall quality of episodic memory on the labelled set {@code dev/rustagent/memory/recall-set.json}
 * (agent-memory's test resource: Rust debugging episodes and term-sharing, paraphrase, symptom and
 * unanswerable queries), per kind of query: recall@1, recall@5 and MRR@10 with 95% confidence
 * intervals, for vector, keyword and hybrid recall, a plain LangChain4j {@link InMemoryEmbeddingStore}
 * holding the same vectors, and two reference fusions computed from the vector and keyword rankings
 * (the fusion before issue 18, and reciprocal rank fusion). Then how many unanswerable queries each
 * mode's relevance floor rejects, and the timings of query embedding and search. Model: the quantised
 * all-MiniLM-L6-v2, as the CLI ships it. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.rustagent.bench.memory.RecallQuality}
 */
public final class RecallQuality {

  private static final List<String> KINDS = List.of("term-sharing", "paraphrase", "symptom");
  private static final int DEPTH = 10;
  private static final int BOOTSTRAP = 2000;
  private static final int TIMING_ROUNDS = 5;

  private record Query(String kind, String text, String expected) {}

  /** A ranking: labels best first, with their scores. */
  private record Ranking(List<String> labels, List<Double> scores) {
    int rank(String label) {
      return labels.indexOf(label);
    }

    double top() {
      return scores.isEmpty() ? Double.NEGATIVE_INFINITY : scores.get(0);
    }
  }

  private RecallQuality() {}

  /**
   * @param args unused
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    JsonNode set;
    try (InputStream in = RecallQuality.class.getResourceAsStream("/dev/rustagent/memory/recall-set.json")) {
      if (in == null) {
        throw new IllegalStateException("recall-set.json is not on the classpath; build the benchmarks module");
      }
      set = new ObjectMapper().readTree(in);
    }
    List<Query> queries = new ArrayList<>();
    for (JsonNode q : set.get("queries")) {
      queries.add(new Query(q.get("kind").asText(), q.get("query").asText(),
          q.has("expected") ? q.get("expected").asText() : null));
    }
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    AgentMemory.Builder builder = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(model);
    for (RecallMode mode : RecallMode.values()) {
      builder.relevanceFloor(mode, Double.NEGATIVE_INFINITY);
    }
    try (AgentMemory memory = builder.build();
        AgentMemory shipped = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(model).build()) {
      Map<Long, String> labels = new HashMap<>();
      InMemoryEmbeddingStore<TextSegment> plain = new InMemoryEmbeddingStore<>();
      List<Interaction> interactions = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (JsonNode m : set.get("memories")) {
        interactions.add(new Interaction("recall-set", Instant.EPOCH, m.get("task").asText(),
            m.get("answer").asText(), "", true));
        ids.add(m.get("id").asText());
      }
      for (AgentMemory mem : List.of(memory, shipped)) {
        List<Episode> stored = mem.episodes().recordAll(interactions);
        for (int i = 0; i < stored.size(); i++) {
          labels.put(stored.get(i).id(), ids.get(i));
        }
      }
      for (int i = 0; i < interactions.size(); i++) {
        // the same text the memory embeds for an episode: the user's message
        TextSegment segment = TextSegment.from(interactions.get(i).userMessage());
        plain.add(ids.get(i), model.embed(segment).content(), segment);
      }
      System.out.printf("memories=%d queries=%d (%s) model=%s%n", ids.size(), queries.size(), countByKind(queries),
          memory.stats().embeddingModel());

      Map<String, Function<Query, Ranking>> modes = new LinkedHashMap<>();
      for (RecallMode mode : RecallMode.values()) {
        modes.put(mode.name().toLowerCase(), q -> rank(memory, labels, q.text(), mode));
      }
      modes.put("LangChain4j InMemoryEmbeddingStore", q -> plainRank(plain, model, q.text()));
      modes.put("(reference) fusion before issue 18", q -> oldFusion(memory, labels, q.text()));
      modes.put("(reference) reciprocal rank fusion k=60", q -> rrf(memory, labels, q.text(), 60));

      Map<String, Map<Query, Ranking>> rankings = new LinkedHashMap<>();
      for (Map.Entry<String, Function<Query, Ranking>> m : modes.entrySet()) {
        Map<Query, Ranking> byQuery = new LinkedHashMap<>();
        for (Query q : queries) {
          byQuery.put(q, m.getValue().apply(q));
        }
        rankings.put(m.getKey(), byQuery);
      }
      printQuality(queries, rankings);
      printRejection(queries, rankings, shipped, labels);
      printTimings(queries, memory, plain, model);
    }
  }

  private static String countByKind(List<Query> queries) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Query q : queries) {
      counts.merge(q.kind(), 1, Integer::sum);
    }
    return counts.toString();
  }

  private static Ranking rank(AgentMemory memory, Map<Long, String> labels, String text, RecallMode mode) {
    List<String> out = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (Scored<Episode> hit : memory.episodes().similar(text, DEPTH, mode)) {
      out.add(labels.get(hit.value().id()));
      scores.add(hit.score());
    }
    return new Ranking(out, scores);
  }

  private static Ranking plainRank(InMemoryEmbeddingStore<TextSegment> store, EmbeddingModel model, String text) {
    Embedding q = model.embed(text).content();
    List<String> out = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (EmbeddingMatch<TextSegment> m : store.search(EmbeddingSearchRequest.builder().queryEmbedding(q)
        .maxResults(DEPTH).build()).matches()) {
      out.add(m.embeddingId());
      scores.add(m.score());
    }
    return new Ranking(out, scores);
  }

  /** Every item's vector and keyword score for a query (items without keyword match score 0). */
  private static Map<String, double[]> allScores(AgentMemory memory, Map<Long, String> labels, String text) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    int all = (int) memory.episodes().count();
    for (Scored<Episode> h : memory.episodes().similar(text, all, RecallMode.VECTOR)) {
      scores.computeIfAbsent(labels.get(h.value().id()), k -> new double[2])[0] = h.score();
    }
    for (Scored<Episode> h : memory.episodes().similar(text, all, RecallMode.KEYWORD)) {
      scores.computeIfAbsent(labels.get(h.value().id()), k -> new double[2])[1] = h.score();
    }
    return scores;
  }

  /** 0.65 × cosine + 0.35 × keyword score ÷ the best keyword score among the candidates. */
  private static Ranking oldFusion(AgentMemory memory, Map<Long, String> labels, String text) {
    Map<String, double[]> scores = allScores(memory, labels, text);
    double max = scores.values().stream().mapToDouble(s -> s[1]).max().orElse(0);
    return top(scores, s -> 0.65 * s[0] + 0.35 * (max > 0 ? s[1] / max : 0));
  }

  /** Sum over the vector and keyword rankings of 1 / (k + rank). */
  private static Ranking rrf(AgentMemory memory, Map<Long, String> labels, String text, int k) {
    Map<String, double[]> scores = allScores(memory, labels, text);
    Map<String, Double> fused = new HashMap<>();
    for (int component = 0; component < 2; component++) {
      int c = component;
      List<String> order = scores.entrySet().stream().filter(e -> c == 0 || e.getValue()[1] > 0)
          .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[c]).reversed())
          .map(Map.Entry::getKey).toList();
      for (int r = 0; r < order.size(); r++) {
        fused.merge(order.get(r), 1.0 / (k + r + 1), Double::sum);
      }
    }
    Map<String, double[]> asScores = new LinkedHashMap<>();
    fused.forEach((label, s) -> asScores.put(label, new double[] {s}));
    return top(asScores, s -> s[0]);
  }

  private static Ranking top(Map<String, double[]> scores, java.util.function.ToDoubleFunction<double[]> f) {
    List<Map.Entry<String, Double>> sorted = scores.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), f.applyAsDouble(e.getValue())))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(DEPTH).toList();
    return new Ranking(sorted.stream().map(Map.Entry::getKey).toList(),
        sorted.stream().map(Map.Entry::getValue).toList());
  }

  private static void printQuality(List<Query> queries, Map<String, Map<Query, Ranking>> rankings) {
    System.out.println();
    System.out.println("Per kind: value [95% interval] (Wilson for recall, bootstrap for MRR)");
    List<String> kinds = new ArrayList<>(KINDS);
    kinds.add("all answerable");
    for (String kind : kinds) {
      List<Query> qs = queries.stream().filter(q -> q.expected() != null
          && (kind.equals("all answerable") || q.kind().equals(kind))).toList();
      System.out.println();
      System.out.printf("#### %s (%d queries)%n%n", kind, qs.size());
      System.out.println("| mode | recall@1 | recall@5 | MRR@10 |");
      System.out.println("|---|---|---|---|");
      for (Map.Entry<String, Map<Query, Ranking>> m : rankings.entrySet()) {
        int[] ranks = qs.stream().mapToInt(q -> m.getValue().get(q).rank(q.expected())).toArray();
        long at1 = Arrays.stream(ranks).filter(r -> r == 0).count();
        long at5 = Arrays.stream(ranks).filter(r -> r >= 0 && r < 5).count();
        double[] rr = Arrays.stream(ranks).mapToDouble(r -> r >= 0 ? 1.0 / (r + 1) : 0).toArray();
        System.out.printf("| %s | %s | %s | %s |%n", m.getKey(), proportion(at1, qs.size()),
            proportion(at5, qs.size()), meanWithInterval(rr));
      }
    }
  }

  private static String proportion(long hits, int n) {
    double p = (double) hits / n;
    double z = 1.96;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
    return String.format("%.3f [%.2f, %.2f]", p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  private static String meanWithInterval(double[] values) {
    Random random = new Random(18);
    double[] means = new double[BOOTSTRAP];
    for (int b = 0; b < BOOTSTRAP; b++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[random.nextInt(values.length)];
      }
      means[b] = sum / values.length;
    }
    Arrays.sort(means);
    return String.format("%.3f [%.2f, %.2f]", Arrays.stream(values).average().orElse(0),
        means[(int) (0.025 * BOOTSTRAP)], means[(int) (0.975 * BOOTSTRAP) - 1]);
  }

  private static void printRejection(List<Query> queries, Map<String, Map<Query, Ranking>> rankings,
      AgentMemory shipped, Map<Long, String> labels) {
    System.out.println();
    System.out.println("#### Saying \"nothing relevant\"");
    System.out.println();
    System.out.println("Floor = the highest top score that keeps 95% of the right first hits; then the share of "
        + "unanswerable queries whose top score is under it. Shipped floor: the memory's default for the mode.");
    System.out.println();
    System.out.println("| mode | right first hits | floor for 95% of them | unanswerable rejected | shipped floor:"
        + " unanswerable rejected | shipped floor: right first hits kept |");
    System.out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, Map<Query, Ranking>> m : rankings.entrySet()) {
      List<Double> right = new ArrayList<>();
      List<Double> unanswerable = new ArrayList<>();
      List<Query> rightQueries = new ArrayList<>();
      for (Query q : queries) {
        Ranking r = m.getValue().get(q);
        if (q.expected() == null) {
          unanswerable.add(r.top());
        } else if (r.rank(q.expected()) == 0) {
          right.add(r.top());
          rightQueries.add(q);
        }
      }
      right.sort(null);
      double floor = right.get((int) Math.floor(0.05 * right.size()));
      long rejected = unanswerable.stream().filter(s -> s < floor).count();
      String shippedColumns = "n/a | n/a";
      RecallMode mode = modeNamed(m.getKey());
      if (mode != null) {
        long shippedRejected = queries.stream().filter(q -> q.expected() == null)
            .filter(q -> shipped.episodes().similar(q.text(), 1, mode).isEmpty()).count();
        long kept = rightQueries.stream().filter(q -> {
          List<Scored<Episode>> hits = shipped.episodes().similar(q.text(), 1, mode);
          return !hits.isEmpty() && labels.get(hits.get(0).value().id()).equals(q.expected());
        }).count();
        shippedColumns = String.format("%s | %s", proportion(shippedRejected, unanswerable.size()),
            proportion(kept, rightQueries.size()));
      }
      System.out.printf("| %s | %d | %.3f | %s | %s |%n", m.getKey(), right.size(), floor,
          proportion(rejected, unanswerable.size()), shippedColumns);
    }
  }

  private static RecallMode modeNamed(String name) {
    for (RecallMode mode : RecallMode.values()) {
      if (mode.name().toLowerCase().equals(name)) {
        return mode;
      }
    }
    return null;
  }

  private static void printTimings(List<Query> queries, AgentMemory memory, InMemoryEmbeddingStore<TextSegment> plain,
      EmbeddingModel model) {
    List<String> texts = queries.stream().map(Query::text).toList();
    List<Embedding> vectors = new ArrayList<>();
    double[] embedMillis = new double[texts.size() * TIMING_ROUNDS];
    for (int round = 0; round <= TIMING_ROUNDS; round++) {
      for (int i = 0; i < texts.size(); i++) {
        long t0 = System.nanoTime();
        Embedding e = model.embed(texts.get(i)).content();
        long t1 = System.nanoTime();
        if (round == 0) {
          vectors.add(e);
        } else {
          embedMillis[(round - 1) * texts.size() + i] = (t1 - t0) / 1e6;
        }
      }
    }
    System.out.println();
    System.out.println("#### Timings per query (ms; after a warm-up round; " + TIMING_ROUNDS + " rounds of "
        + texts.size() + " queries)");
    System.out.println();
    System.out.println("| step | mean | p50 | p90 |");
    System.out.println("|---|---|---|---|");
    System.out.println("| query embedding (quantised all-MiniLM-L6-v2) | " + stats(embedMillis) + " |");
    for (RecallMode mode : RecallMode.values()) {
      double[] millis = new double[texts.size() * TIMING_ROUNDS];
      for (int round = 0; round <= TIMING_ROUNDS; round++) {
        for (int i = 0; i < texts.size(); i++) {
          long t0 = System.nanoTime();
          memory.episodes().similar(texts.get(i), DEPTH, mode);
          long t1 = System.nanoTime();
          if (round > 0) {
            millis[(round - 1) * texts.size() + i] = (t1 - t0) / 1e6;
          }
        }
      }
      System.out.println("| search, " + mode.name().toLowerCase()
          + " (query vector cached; incl. fetching 10 episodes from H2) | " + stats(millis) + " |");
    }
    double[] millis = new double[texts.size() * TIMING_ROUNDS];
    for (int round = 0; round <= TIMING_ROUNDS; round++) {
      for (int i = 0; i < texts.size(); i++) {
        long t0 = System.nanoTime();
        plain.search(EmbeddingSearchRequest.builder().queryEmbedding(vectors.get(i)).maxResults(DEPTH).build());
        long t1 = System.nanoTime();
        if (round > 0) {
          millis[(round - 1) * texts.size() + i] = (t1 - t0) / 1e6;
        }
      }
    }
    System.out.println("| search, LangChain4j InMemoryEmbeddingStore (vector given) | " + stats(millis) + " |");
  }

  private static String stats(double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return String.format("%.3f | %.3f | %.3f", Arrays.stream(sorted).average().orElse(0),
        sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)]);
  }
}
