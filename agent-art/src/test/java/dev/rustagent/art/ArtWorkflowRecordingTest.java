package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.Approver;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.orchestrator.AgentNetwork;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;

/** Workflows and helper agents are recorded through the same one plugin as ordinary runs. */
class ArtWorkflowRecordingTest {
  private static final String MOVED_VALUE = """
      fn total_len(words: Vec<String>) -> usize {
          words.iter().map(|w| w.len()).sum()
      }

      fn main() {
          let words = vec![String::from("borrow"), String::from("checker")];
          let total = total_len(words);
          println!("{} words, {} letters", words.len(), total);
      }
      """;
  private static final String CLONE_FIX = """
      {"explanation": "`words` is moved into `total_len`. Cloning keeps a copy.",
       "path": "src/main.rs",
       "old_text": "let total = total_len(words);",
       "new_text": "let total = total_len(words.clone());"}""";

  @TempDir
  Path dir;

  private void crate() throws Exception {
    dev.rustagent.testkit.internal.Crates.binary(dir, "scratch", MOVED_VALUE);
  }

  @Test
  void aDebugWorkflowIsOneTrajectoryWithItsChecksEditsAndErrorCodesAndItsModelQuestionAsAChild() throws Exception {
    crate();
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      ArtPlugin art = ArtPlugin.builder(store).build();
      Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().thenText(CLONE_FIX).build())
          .tools(BuiltinTools.defaults().registry()).workspace(dir)
          .permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND).build())
          .approver(Approver.approveAll()).plugin(art).build();

      WorkflowResult result = DebuggingWorkflow.builder().agent(agent).build().run();

      assertThat(result.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
      List<Trajectory> all = store.recent(10);
      Trajectory workflow = all.stream().filter(t -> t.metadata().kind().equals("workflow:debug")).findFirst()
          .orElseThrow();
      assertThat(workflow.success()).isTrue();
      assertThat(workflow.answer()).isEqualTo(result.summary());
      assertThat(workflow.metadata().diagnosticCodes()).containsExactly("E0382");
      assertThat(workflow.metadata().toolsUsed()).contains("cargo", "read_file", "edit_file");
      assertThat(workflow.steps()).filteredOn(TrajectoryStep::isToolCall)
          .allSatisfy(s -> assertThat(s.toolResult()).isNotNull());
      assertThat(all).filteredOn(t -> t.metadata().parentRunId().equals(workflow.id())).singleElement()
          .satisfies(fixer -> {
            assertThat(fixer.objective()).contains("borrow of moved value");
            assertThat(fixer.metadata().kind()).isEqualTo("helper");
          });
      assertThat(all).hasSize(2);
    }
  }

  @Test
  void aHelperSpawnedDuringARunIsRecordedLinkedToItsParent() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      ArtPlugin art = ArtPlugin.builder(store).build();
      AtomicReference<AgentNetwork> network = new AtomicReference<>();
      ScriptedChatModel model = ScriptedChatModel.builder()
          .thenToolCall("delegate", "{\"task\":\"count the crates\"}")
          .thenText("three crates")
          .thenText("the helper says: three crates")
          .build();
      Agent parent = Agent.builder().chatModel(model).tools(ToolRegistry.of(new DelegateTool(network)))
          .plugin(art).build();
      network.set(AgentNetwork.builder().parent(parent).build());

      AgentResult result = parent.run("how many crates are there?");

      List<Trajectory> all = store.recent(10);
      assertThat(all).hasSize(2);
      Trajectory helper = all.stream().filter(t -> !t.id().equals(result.runId())).findFirst().orElseThrow();
      assertThat(helper.metadata().parentRunId()).isEqualTo(result.runId());
      assertThat(helper.metadata().kind()).isEqualTo("helper");
      assertThat(helper.objective()).isEqualTo("count the crates");
      assertThat(store.find(result.runId()).orElseThrow().metadata().parentRunId()).isEmpty();
      network.get().close();
    }
  }

  @Test
  void cacheAwareTokenCountsReachTheTrajectory() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      ArtPlugin art = ArtPlugin.builder(store).build();
      ChatModel model = new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
          return ChatResponse.builder().aiMessage(AiMessage.from("ok"))
              .tokenUsage(new CacheAwareTokenUsage(3, 1200, 800, 7)).build();
        }
      };
      Agent agent = Agent.builder().chatModel(model).plugin(art).build();

      AgentResult result = agent.run("say ok");

      Trajectory t = store.find(result.runId()).orElseThrow();
      assertThat(t.metadata().tokens()).isEqualTo(new TrajectoryMetadata.Tokens(3, 1200, 800, 7));
      assertThat(t.metadata().totalTokens()).isEqualTo(2010);
      assertThat(t.metrics()).containsEntry("cache_read_tokens", 800.0).containsEntry("cache_write_tokens", 1200.0);
    }
  }

  /** A tool that spawns a helper agent for a task and returns its answer, as {@code /agent} does. */
  private record DelegateTool(AtomicReference<AgentNetwork> network) implements Tool {
    @Override
    public String name() {
      return "delegate";
    }

    @Override
    public String description() {
      return "hands a task to a helper agent";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("task").required("task").build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      try {
        String answer = network.get().spawn(HelperSpec.of(arguments.string("task"))).result()
            .get(60, TimeUnit.SECONDS).answer();
        return ToolResult.success(answer);
      } catch (Exception e) {
        return ToolResult.failure(e.toString());
      }
    }
  }
}
