package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.rustagent.memory.internal.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.RecallMode;

/**
 * The rules recall must hold on the labelled recall set ({@code recall-set.json}: 60 Rust debugging
 * episodes; term-sharing, paraphrase, symptom and unanswerable queries, at least 40 of each), with the
 * real quantised all-MiniLM-L6-v2 model: hybrid search is never worse than the better of vector and
 * keyword search by more than noise on any kind of query, and unanswerable queries mostly recall
 * nothing. docs/benchmarks.md has the full figures.
 */
class RecallRulesTest {

  /** Two queries in forty: what one reworded query can move either way. */
  private static final double NOISE = 0.05;

  private static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
  private static JsonNode set;
  private static AgentMemory unfloored;
  private static AgentMemory floored;
  private static final Map<Long, String> LABELS = new HashMap<>();

  private record Query(String kind, String text, String expected) {}

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = RecallRulesTest.class.getResourceAsStream("recall-set.json")) {
      set = new ObjectMapper().readTree(in);
    }
    AgentMemory.Builder everyHit = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(MODEL);
    for (RecallMode mode : RecallMode.values()) {
      everyHit.relevanceFloor(mode, Double.NEGATIVE_INFINITY);
    }
    unfloored = everyHit.build();
    floored = AgentMemory.builder().inMemory().starterKnowledge(false).embeddingModel(MODEL).build();
    for (AgentMemory memory : List.of(unfloored, floored)) {
      List<Interaction> interactions = new ArrayList<>();
      for (JsonNode m : set.get("memories")) {
        interactions.add(new Interaction("recall-set", Instant.EPOCH, m.get("task").asText(),
            m.get("answer").asText(), "", true));
      }
      List<Episode> stored = memory.episodes().recordAll(interactions);
      for (int i = 0; i < stored.size(); i++) {
        LABELS.put(stored.get(i).id(), set.get("memories").get(i).get("id").asText());
      }
    }
  }

  @AfterAll
  static void close() {
    unfloored.close();
    floored.close();
  }

  private static List<Query> queries(String kind) {
    List<Query> out = new ArrayList<>();
    for (JsonNode q : set.get("queries")) {
      if (q.get("kind").asText().equals(kind)) {
        out.add(new Query(kind, q.get("query").asText(), q.has("expected") ? q.get("expected").asText() : null));
      }
    }
    return out;
  }

  private static List<String> ranked(AgentMemory memory, String text, int limit, RecallMode mode) {
    return memory.episodes().similar(text, limit, mode).stream().map(h -> LABELS.get(h.value().id())).toList();
  }

  /** recall@5 and MRR@10 of a mode on a kind of query. */
  private static double[] quality(String kind, RecallMode mode) {
    List<Query> qs = queries(kind);
    double at5 = 0;
    double mrr = 0;
    for (Query q : qs) {
      int rank = ranked(unfloored, q.text(), 10, mode).indexOf(q.expected());
      at5 += rank >= 0 && rank < 5 ? 1 : 0;
      mrr += rank >= 0 ? 1.0 / (rank + 1) : 0;
    }
    return new double[] {at5 / qs.size(), mrr / qs.size()};
  }

  @Test
  void theSetHasAtLeastFortyQueriesOfEachKind() {
    for (String kind : List.of("term-sharing", "paraphrase", "symptom", "unanswerable")) {
      assertThat(queries(kind)).as(kind).hasSizeGreaterThanOrEqualTo(40);
    }
  }

  @Test
  void paraphrasesShareNoKeywordTermWithTheirMemory() {
    Map<String, Set<String>> terms = new HashMap<>();
    for (JsonNode m : set.get("memories")) {
      terms.put(m.get("id").asText(), new HashSet<>(Tokens.of(m.get("task").asText() + "\n" + m.get("answer").asText())));
    }
    for (Query q : queries("paraphrase")) {
      assertThat(Tokens.of(q.text())).as(q.text()).doesNotContainAnyElementsOf(terms.get(q.expected()));
    }
  }

  @Test
  void hybridIsNeverWorseThanTheBetterSingleModeByMoreThanNoiseOnAnyKind() {
    for (String kind : List.of("term-sharing", "paraphrase", "symptom")) {
      Map<RecallMode, double[]> byMode = new EnumMap<>(RecallMode.class);
      for (RecallMode mode : RecallMode.values()) {
        byMode.put(mode, quality(kind, mode));
      }
      for (int metric = 0; metric < 2; metric++) {
        double best = Math.max(byMode.get(RecallMode.VECTOR)[metric], byMode.get(RecallMode.KEYWORD)[metric]);
        assertThat(byMode.get(RecallMode.HYBRID)[metric])
            .as("%s %s", kind, metric == 0 ? "recall@5" : "MRR@10")
            .isGreaterThanOrEqualTo(best - NOISE);
      }
    }
  }

  @Test
  void hybridFindsMostParaphrasesInItsTopFive() {
    assertThat(quality("paraphrase", RecallMode.HYBRID)[0]).isGreaterThanOrEqualTo(0.75);
  }

  @Test
  void mostUnanswerableQueriesRecallNothing() {
    List<Query> qs = queries("unanswerable");
    long empty = qs.stream().filter(q -> floored.episodes().similar(q.text(), 3).isEmpty()).count();

    assertThat((double) empty / qs.size()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void theRelevanceFloorKeepsAlmostEveryRightFirstHit() {
    int right = 0;
    int kept = 0;
    for (String kind : List.of("term-sharing", "paraphrase", "symptom")) {
      for (Query q : queries(kind)) {
        List<String> all = ranked(unfloored, q.text(), 1, RecallMode.HYBRID);
        if (!all.isEmpty() && all.get(0).equals(q.expected())) {
          right++;
          kept += ranked(floored, q.text(), 1, RecallMode.HYBRID).equals(all) ? 1 : 0;
        }
      }
    }
    assertThat((double) kept / right).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void anErrorCodeAloneRecallsItsEpisodeFirst() {
    Pattern code = Pattern.compile("\\bE0\\d{3}\\b");
    Map<String, String> onlyEpisodeWithCode = new HashMap<>();
    Set<String> repeated = new HashSet<>();
    for (JsonNode m : set.get("memories")) {
      Matcher matcher = code.matcher(m.get("task").asText());
      while (matcher.find()) {
        if (onlyEpisodeWithCode.put(matcher.group(), m.get("id").asText()) != null) {
          repeated.add(matcher.group());
        }
      }
    }
    repeated.forEach(onlyEpisodeWithCode::remove);
    assertThat(onlyEpisodeWithCode).hasSizeGreaterThan(10);
    onlyEpisodeWithCode.forEach((errorCode, memory) ->
        assertThat(ranked(floored, errorCode, 1, RecallMode.HYBRID)).as(errorCode).containsExactly(memory));
  }
}
