package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import dev.rustagent.memory.KnowledgeBase.CommandTool;

class KnowledgeBaseTest {

  @TempDir
  Path dir;

  private AgentMemory open() {
    return AgentMemory.builder().h2(dir).embeddingModel(new HashingEmbeddingModel()).build();
  }

  @Test
  void starterKnowledgeHoldsRustPatternsAndCommandsOfEveryTool() {
    try (AgentMemory memory = open()) {
      assertThat(memory.knowledge().patterns()).extracting(CodePattern::name)
          .contains("newtype", "builder", "typestate", "raii-guard", "arc-mutex-shared-state",
              "error-enum-with-question-mark", "iterator-adapters", "from-into-conversions");
      for (CommandTool tool : CommandTool.values()) {
        assertThat(memory.knowledge().commands(tool)).as(tool.name()).hasSizeGreaterThan(5);
      }
    }
  }

  @Test
  void starterKnowledgeIsLoadedOnlyOnFirstOpen() {
    int patterns;
    try (AgentMemory memory = open()) {
      patterns = memory.knowledge().patterns().size();
    }
    try (AgentMemory memory = open()) {
      assertThat(memory.knowledge().patterns()).hasSize(patterns);
    }
  }

  @Test
  void usingAPatternUpdatesItsUseCountAndSuccessRate() {
    try (AgentMemory memory = open()) {
      long id = memory.knowledge().patterns().get(0).id();
      memory.knowledge().recordPatternUse(id, true);
      memory.knowledge().recordPatternUse(id, true);
      CodePattern after = memory.knowledge().recordPatternUse(id, false);

      assertThat(after.useCount()).isEqualTo(3);
      assertThat(after.successRate()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(memory.knowledge().pattern(id)).contains(after);
    }
  }

  @Test
  void usingACommandIncrementsItsUseCount() {
    try (AgentMemory memory = open()) {
      ToolCommand cmd = memory.knowledge().commands(CommandTool.GIT).get(0);
      memory.knowledge().recordCommandUse(cmd.id());

      assertThat(memory.knowledge().recordCommandUse(cmd.id()).useCount()).isEqualTo(2);
    }
  }

  @Test
  void usingAnUnknownPatternIsAnError() {
    try (AgentMemory memory = open()) {
      assertThatThrownBy(() -> memory.knowledge().recordPatternUse(999_999, true))
          .isInstanceOf(NoSuchElementException.class).hasMessageContaining("999999");
    }
  }

  @Test
  void patternSearchFindsSharedStateForThreads() {
    try (AgentMemory memory = open()) {
      List<Scored<CodePattern>> hits = memory.knowledge().searchPatterns("share mutable state between threads Arc Mutex", 3);

      assertThat(hits.get(0).value().name()).isEqualTo("arc-mutex-shared-state");
    }
  }

  @Test
  void commandSearchCanBeLimitedToOneTool() {
    try (AgentMemory memory = open()) {
      List<Scored<ToolCommand>> hits = memory.knowledge().searchCommands("pull request", CommandTool.GH, 3);

      assertThat(hits).isNotEmpty().allMatch(h -> h.value().tool() == CommandTool.GH);
      assertThat(hits.get(0).value().command()).startsWith("gh pr");
    }
  }

  @Test
  void puttingAPatternWithAnExistingNameReplacesItAndKeepsItsStatistics() {
    try (AgentMemory memory = open()) {
      CodePattern newtype = memory.knowledge().patterns().stream().filter(p -> p.name().equals("newtype")).findFirst().orElseThrow();
      memory.knowledge().recordPatternUse(newtype.id(), true);
      int before = memory.knowledge().patterns().size();

      CodePattern replaced = memory.knowledge().putPattern(
          new CodePattern(0, "newtype", "types", "struct Id(u64);", "wrap it", 0, 0));

      assertThat(memory.knowledge().patterns()).hasSize(before);
      assertThat(replaced.id()).isEqualTo(newtype.id());
      assertThat(replaced.codeTemplate()).isEqualTo("struct Id(u64);");
      assertThat(replaced.useCount()).isEqualTo(1);
    }
  }
}
