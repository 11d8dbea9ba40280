package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;

class EpisodicMemoryTest {

  private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

  @TempDir
  Path dir;

  private AgentMemory memory;

  @BeforeEach
  void open() {
    memory = AgentMemory.builder().h2(dir).embeddingModel(new HashingEmbeddingModel())
        .starterKnowledge(false).build();
  }

  @AfterEach
  void close() {
    memory.close();
  }

  private static Interaction interaction(String session, int second, String user, String answer) {
    return new Interaction(session, T0.plusSeconds(second), user, answer, "ctx", true);
  }

  @Test
  void recordedEpisodesAreReturnedBySessionOldestFirst() {
    memory.episodes().record(interaction("s1", 1, "first", "a1"));
    memory.episodes().record(interaction("s2", 2, "other", "a2"));
    memory.episodes().record(interaction("s1", 3, "second", "a3"));

    assertThat(memory.episodes().session("s1")).extracting(e -> e.interaction().userMessage())
        .containsExactly("first", "second");
  }

  @Test
  void recentReturnsNewestFirstUpToTheLimit() {
    for (int i = 0; i < 5; i++) {
      memory.episodes().record(interaction("s", i, "task " + i, "answer"));
    }

    assertThat(memory.episodes().recent("s", 2)).extracting(e -> e.interaction().userMessage())
        .containsExactly("task 4", "task 3");
  }

  @Test
  void sessionsListsEachSessionOnceInFirstSeenOrder() {
    memory.episodes().record(interaction("b", 1, "x", "y"));
    memory.episodes().record(interaction("a", 2, "x", "y"));
    memory.episodes().record(interaction("b", 3, "x", "y"));

    assertThat(memory.episodes().sessions()).containsExactly("b", "a");
  }

  @Test
  void storedFieldsRoundTripExactly() {
    Interaction original = new Interaction("s", T0, "fix the build", "done", "workspace=/tmp/x", false);
    Episode stored = memory.episodes().record(original);

    assertThat(memory.episodes().session("s")).containsExactly(stored);
    assertThat(stored.interaction()).isEqualTo(original);
  }

  @Test
  void similarRanksTheEpisodeAboutTheSameProblemFirst() {
    memory.episodes().record(interaction("s", 1, "borrow of moved value in parser loop", "clone the token"));
    memory.episodes().record(interaction("s", 2, "add a github actions workflow", "created ci.yml"));
    memory.episodes().record(interaction("s", 3, "update serde to the latest version", "bumped"));

    List<Scored<Episode>> hits = memory.episodes().similar("moved value borrowed in loop", 2);

    assertThat(hits.get(0).value().interaction().userMessage()).isEqualTo("borrow of moved value in parser loop");
  }

  @Test
  void keywordRecallMatchesAnErrorCodeAsAWholeTerm() {
    memory.episodes().record(interaction("s", 1, "error E0499 two mutable borrows", "split the borrow"));
    memory.episodes().record(interaction("s", 2, "error E0382 use after move", "borrow instead"));

    List<Scored<Episode>> hits = memory.episodes().similar("E0382", 5, RecallMode.KEYWORD);

    assertThat(hits).extracting(h -> h.value().interaction().userMessage())
        .containsExactly("error E0382 use after move");
  }

  @Test
  void emptyTextsAreStoredAndSearchable() {
    Episode e = memory.episodes().record(new Interaction("s", T0, "", "", "", true));

    assertThat(memory.episodes().session("s")).containsExactly(e);
    assertThat(memory.episodes().similar("", 3)).isNotNull();
  }

  @Test
  void aVeryLargeTextIsStoredWhole() {
    String big = "fn main() { let v = vec![1]; }\n".repeat(40_000);
    memory.episodes().record(new Interaction("s", T0, big, big, big, true));

    Interaction back = memory.episodes().session("s").get(0).interaction();
    assertThat(back.userMessage()).hasSize(big.length()).isEqualTo(big);
    assertThat(back.context()).isEqualTo(big);
  }

  @Test
  void recordAllStoresEveryInteractionInOrder() {
    List<Episode> stored = memory.episodes().recordAll(List.of(
        interaction("s", 1, "one", "a"), interaction("s", 2, "two", "b"), interaction("t", 3, "three", "c")));

    assertThat(stored).extracting(e -> e.interaction().userMessage()).containsExactly("one", "two", "three");
    assertThat(memory.episodes().session("s")).containsExactlyElementsOf(stored.subList(0, 2));
    assertThat(memory.episodes().similar("three", 1).get(0).value()).isEqualTo(stored.get(2));
  }

  @Test
  void blankSessionIdIsRejected() {
    assertThatThrownBy(() -> new Interaction(" ", T0, "u", "a", "", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionId");
  }

  @Test
  void manyConcurrentWritersLoseNothing() throws Exception {
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String session = "w" + t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            memory.episodes().record(interaction(session, i, "task " + i, "ok"));
            memory.episodes().similar("task", 3);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(memory.episodes().count()).isEqualTo(threads * perThread);
    assertThat(memory.episodes().session("w3")).hasSize(perThread);
    assertThat(memory.episodes().similar("task", 10 * threads * perThread, RecallMode.KEYWORD))
        .hasSize(threads * perThread);
  }
}
