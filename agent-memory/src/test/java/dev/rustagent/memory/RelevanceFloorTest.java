package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.RecallMode;

/** Searches say "nothing relevant" under their mode's floor; callers can move or drop the floor. */
class RelevanceFloorTest {

  private static final String WEAK_QUERY = "the reference guide explains ownership traits generics and macros";

  private static AgentMemory keywordMemory(AgentMemory.Builder builder) {
    AgentMemory memory = builder.inMemory().keywordOnly().starterKnowledge(false).build();
    memory.semantic().put("lifetime of a reference in a struct", Map.of("kind", "note"));
    memory.episodes().record(new Interaction("s", Instant.EPOCH, "lifetime of a reference in a struct",
        "added 'a", "", true));
    return memory;
  }

  @Test
  void aQuerySharingOneOfManyWordsRecallsNothing() {
    try (AgentMemory memory = keywordMemory(AgentMemory.builder())) {
      assertThat(memory.episodes().similar(WEAK_QUERY, 3)).isEmpty();
      assertThat(memory.semantic().search(SemanticQuery.builder(WEAK_QUERY).build())).isEmpty();
    }
  }

  @Test
  void aQueryMatchingTheItemIsRecalled() {
    try (AgentMemory memory = keywordMemory(AgentMemory.builder())) {
      assertThat(memory.episodes().similar("struct reference lifetime", 3)).hasSize(1);
    }
  }

  @Test
  void aLowerFloorSetOnTheBuilderLetsWeakMatchesThrough() {
    try (AgentMemory memory = keywordMemory(AgentMemory.builder().relevanceFloor(RecallMode.KEYWORD, 0.0))) {
      assertThat(memory.episodes().similar(WEAK_QUERY, 3)).hasSize(1);
    }
  }

  @Test
  void anExplicitMinimumScoreReplacesTheFloorForOneSearch() {
    try (AgentMemory memory = keywordMemory(AgentMemory.builder())) {
      assertThat(memory.semantic().search(SemanticQuery.builder(WEAK_QUERY)
          .minScore(Double.NEGATIVE_INFINITY).build())).hasSize(1);
    }
  }

  @Test
  void aFloorThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> AgentMemory.builder().relevanceFloor(RecallMode.HYBRID, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevance floor");
  }
}
