package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.AgentSession.EditorContext;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.langchain4j.data.message.SystemMessage;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.EpisodicMemory.Interaction;

/** An IDE turn: the editor's context and memory's recent concepts, patterns and similar issues together. */
class EditorTurnRecallTest {
  @TempDir Path workspace;

  private final AgentMemory memory = AgentMemory.builder().inMemory().keywordOnly().build();

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void aTurnCarriesObjectivesRecentConceptsPatternsAndSimilarPastIssues() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/lib.rs"), "pub fn share() {}\n");
    MemoryPlugin plugin = MemoryPlugin.of(memory);
    plugin.conceptRecorder().record("Mutex poisoning", LearningWorkflow.Level.INTERMEDIATE,
        "a Mutex is poisoned when a thread panics while holding the lock; lock() then returns Err");
    memory.episodes().record(new Interaction("earlier", Instant.now(), "share a counter between threads with Arc and Mutex",
        "wrapped the counter in Arc<Mutex<u32>>", "", true));
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("use Arc<Mutex<_>>").build();
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace).plugin(plugin).build().newSession();
    session.editorContext(EditorContext.of(Path.of("src/lib.rs")).withBuffer("pub fn share() { todo!() }\n")
        .withObjectives(List.of("Share the counter between threads")));

    AgentResult result = session.run("share mutable state between threads with Arc and Mutex");

    String system = ((SystemMessage) model.requests().get(0).messages().get(0)).text();
    assertThat(system).contains("- Share the counter between threads").contains("todo!()")
        .contains("### Concepts learned recently").contains("Mutex poisoning")
        .contains("arc-mutex-shared-state").contains("wrapped the counter in Arc<Mutex<u32>>");
    assertThat(result.patternsUsed()).extracting(RecalledItem::kind)
        .contains("objective", "editor-buffer", "concept", "pattern", "episode");
  }
}
