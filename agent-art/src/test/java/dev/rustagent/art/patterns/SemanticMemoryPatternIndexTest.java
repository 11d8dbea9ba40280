package dev.rustagent.art.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.memory.AgentMemory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.patterns.SuccessPatternDatabase.SuccessPattern;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;

class SemanticMemoryPatternIndexTest {
  private final AgentMemory memory = AgentMemory.inMemory();
  private final SuccessPatternDatabase db = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic()))
      .build();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void findsLessonsOfSimilarObjectivesThroughAgentMemory() {
    db.learn(SuccessPatternDatabaseTest.run("a", "fix the linker error in the tls crate", true, 0.9, "ok-vendored"));
    db.learn(SuccessPatternDatabaseTest.run("b", "write documentation for the parser", true, 0.9, "ok-docs"));

    assertThat(db.find("the tls crate fails with a linker error", 3)).extracting(SuccessPattern::id)
        .startsWith("a");
    assertThat(db.provide("the tls crate fails with a linker error", 1000)).contains("ok-vendored");
  }

  @Test
  void storesPatternsAsTaggedItemsOfSemanticMemory() {
    db.learn(SuccessPatternDatabaseTest.run("a", "fix the linker error", true, 0.9, "ok-vendored"));
    assertThat(memory.semantic().count()).isEqualTo(1);
    assertThat(memory.semantic().get(1).orElseThrow().metadata())
        .containsEntry("kind", "success-pattern").containsEntry("pattern_id", "a");
  }

  @Test
  void learningTheSameTrajectoryAgainDoesNotDuplicateIt() {
    db.learn(SuccessPatternDatabaseTest.run("a", "fix the linker error", true, 0.9, "ok-vendored"));
    db.learn(SuccessPatternDatabaseTest.run("a", "fix the linker error", true, 0.9, "ok-vendored"));
    assertThat(memory.semantic().count()).isEqualTo(1);
  }

  @Test
  void patternsSurviveInAPersistentMemory() {
    try (AgentMemory persistent = AgentMemory.h2(dir)) {
      SuccessPatternDatabase.builder(PatternIndex.semantic(persistent.semantic())).build()
          .learn(SuccessPatternDatabaseTest.run("a", "fix the linker error", true, 0.9, "ok-vendored"));
    }
    try (AgentMemory reopened = AgentMemory.h2(dir)) {
      PatternIndex index = PatternIndex.semantic(reopened.semantic());
      assertThat(index.search("linker error", 3)).extracting(PatternIndex.Hit::id).containsExactly("a");
    }
  }

  @Test
  void otherItemsOfSemanticMemoryAreNotPatterns() {
    memory.semantic().put("fix the linker error by reinstalling", java.util.Map.of("kind", "note"));
    assertThat(PatternIndex.semantic(memory.semantic()).search("linker error", 5)).isEmpty();
  }
}
