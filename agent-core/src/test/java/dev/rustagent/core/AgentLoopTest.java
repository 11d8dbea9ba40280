package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;

class AgentLoopTest {
  @TempDir
  Path workspace;

  @BeforeEach
  void createFile() throws Exception {
    Files.writeString(workspace.resolve("main.rs"), "fn main() {}\n");
  }

  private Agent.Builder agent(ScriptedChatModel model, dev.rustagent.tools.Tool... tools) {
    return Agent.builder().chatModel(model).tools(ToolRegistry.of(tools)).workspace(workspace)
        .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).jitter(0).build());
  }

  private static List<ToolExecutionResultMessage> toolResults(ChatRequest request) {
    return request.messages().stream().filter(ToolExecutionResultMessage.class::isInstance)
        .map(ToolExecutionResultMessage.class::cast).toList();
  }

  @Test
  void runsRequestedToolAndReturnsTheFinalAnswer() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenText("main.rs holds an empty main")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).build().run("What is in main.rs?");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("main.rs holds an empty main");
    assertThat(result.steps()).hasExactlyElementsOfTypes(AgentStep.ToolCall.class,
        AgentStep.PermissionDecision.class, AgentStep.ToolOutcome.class);
    assertThat(result.steps(AgentStep.ToolOutcome.class).get(0).result().text()).isEqualTo("fn main() {}\n");
    ToolExecutionResultMessage sent = toolResults(model.lastRequest()).get(0);
    assertThat(sent.text()).isEqualTo("fn main() {}\n");
    assertThat(sent.isError()).isFalse();
    assertThat(model.requests().get(0).toolSpecifications()).extracting(s -> s.name()).containsExactly("read_file");
  }

  @Test
  void sumsTokenUsageAndTimesEveryModelCall() {
    ScriptedChatModel model = ScriptedChatModel.builder().usagePerCall(100, 7)
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenText("done")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).build().run("read twice");

    assertThat(result.tokenUsage().inputTokenCount()).isEqualTo(300);
    assertThat(result.tokenUsage().outputTokenCount()).isEqualTo(21);
    assertThat(result.modelLatencies()).hasSize(3);
    assertThat(result.iterations()).isEqualTo(3);
    assertThat(result.totalLatency()).isGreaterThanOrEqualTo(result.modelLatencies().get(0));
  }

  @Test
  void unknownToolGoesBackToTheModelAsAnError() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("delete_everything", "{}")
        .thenText("sorry")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).build().run("do it");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    ToolExecutionResultMessage sent = toolResults(model.lastRequest()).get(0);
    assertThat(sent.isError()).isTrue();
    assertThat(sent.text()).contains("unknown tool 'delete_everything'").contains("read_file");
  }

  @Test
  void argumentsThatAreNotJsonAreRejectedBeforeTheToolRuns() {
    AtomicInteger runs = new AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("count", "{not json")
        .thenText("ok")
        .build();
    var tool = TestTools.tool("count", JsonObjectSchema.builder().build(), Set.of(Action.READ), a -> {
      runs.incrementAndGet();
      return ToolResult.success("counted");
    });

    AgentResult result = agent(model, tool).build().run("count");

    assertThat(runs).hasValue(0);
    assertThat(result.steps(AgentStep.ToolOutcome.class).get(0).result().text())
        .contains("tool 'count'").contains("not valid JSON");
  }

  @Test
  void argumentsMissingARequiredFieldAreRejectedWithTheFieldName() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"file\":\"main.rs\"}")
        .thenText("ok")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).build().run("read");

    ToolResult sent = result.steps(AgentStep.ToolOutcome.class).get(0).result();
    assertThat(sent.isError()).isTrue();
    assertThat(sent.text()).contains("missing required field 'path'");
  }

  @Test
  void aToolThatThrowsBecomesAnErrorResultAndTheRunGoesOn() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("boom", "{}")
        .thenText("recovered")
        .build();
    var tool = TestTools.tool("boom", JsonObjectSchema.builder().build(), Set.of(Action.READ), a -> {
      throw new IllegalStateException("kaput");
    });

    AgentResult result = agent(model, tool).build().run("explode");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("recovered");
    assertThat(toolResults(model.lastRequest()).get(0).text()).contains("IllegalStateException: kaput");
  }

  @Test
  void aToolThatHangsIsStoppedAtItsTimeout() {
    TestTools.HangingTool hanging = new TestTools.HangingTool();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("hang", "{}")
        .thenText("gave up on it")
        .build();

    AgentResult result = agent(model, hanging).toolTimeout(Duration.ofMillis(200)).build().run("wait");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.steps(AgentStep.ToolOutcome.class).get(0).result().text()).contains("timed out after 200 ms");
    assertThat(hanging.sawCancellation).isTrue();
  }

  @Test
  void aModelThatNeverStopsCallingToolsEndsAtTheIterationCap() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwiseToolCall("read_file", "{\"path\":\"main.rs\"}")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).maxIterations(4).build().run("loop");

    assertThat(result.status()).isEqualTo(AgentStatus.MAX_ITERATIONS);
    assertThat(model.callCount()).isEqualTo(4);
    assertThat(result.steps(AgentStep.ToolOutcome.class)).hasSize(4);
  }

  @Test
  void theToolCallCapStopsTheRun() {
    ScriptedChatModel.Builder script = ScriptedChatModel.builder();
    ScriptedChatModel model = script
        .thenToolCalls(script.call("read_file", "{\"path\":\"main.rs\"}"), script.call("read_file", "{\"path\":\"main.rs\"}"),
            script.call("read_file", "{\"path\":\"main.rs\"}"))
        .thenText("never reached")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace)).maxToolCalls(2).build().run("read a lot");

    assertThat(result.status()).isEqualTo(AgentStatus.MAX_ITERATIONS);
    List<AgentStep.ToolOutcome> outcomes = result.steps(AgentStep.ToolOutcome.class);
    assertThat(outcomes).hasSize(3);
    assertThat(outcomes.get(2).result().text()).contains("budget of 2 tool calls");
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void readOnlyCallsOfOneTurnRunInParallelAndComeBackInOrder() {
    AtomicInteger concurrent = new AtomicInteger();
    ScriptedChatModel.Builder script = ScriptedChatModel.builder();
    ScriptedChatModel model = script
        .thenToolCalls(script.call("meet", "{\"who\":\"a\"}"), script.call("meet", "{\"who\":\"b\"}"),
            script.call("meet", "{\"who\":\"c\"}"))
        .thenText("all met")
        .build();

    AgentResult result = agent(model, TestTools.rendezvous(3, concurrent)).build().run("meet");

    assertThat(toolResults(model.lastRequest())).extracting(ToolExecutionResultMessage::text)
        .containsExactly("met a", "met b", "met c");
    assertThat(concurrent).hasValue(3);
  }

  @Test
  void aThrowingListenerNeitherBreaksTheRunNorStopsOtherListeners() {
    AtomicInteger finished = new AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenText("fine")
        .build();

    AgentResult result = agent(model, TestTools.readFile(workspace))
        .listener(new AgentListener() {
          @Override
          public void onEvent(AgentEvent event) {
            throw new IllegalStateException("listener bug");
          }
        })
        .listener(new AgentListener() {
          @Override
          public void onRunFinished(AgentEvent.RunFinished event) {
            finished.incrementAndGet();
          }
        })
        .build().run("read");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(finished).hasValue(1);
  }

  @Test
  void listenersSeeEveryEventInOrder() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenText("fine")
        .build();

    agent(model, TestTools.readFile(workspace)).listener(new AgentListener() {
      @Override
      public void onEvent(AgentEvent event) {
        seen.add(event.getClass().getSimpleName());
      }
    }).build().run("read");

    assertThat(seen).containsExactly("RunStarted", "ModelRequested", "ModelResponded", "ToolRequested",
        "PermissionDecided", "ToolFinished", "ModelRequested", "ModelResponded", "RunFinished");
  }

  @Test
  void nullOrBlankTasksAreRejectedAtOnce() {
    Agent agent = agent(ScriptedChatModel.builder().build()).build();

    assertThatThrownBy(() -> agent.run(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("task");
    assertThatThrownBy(() -> agent.run("  \n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task must not be blank");
  }

  @Test
  void aRunCancelledBeforeItStartsCallsNoModel() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("never").build();
    CancellationToken token = CancellationToken.create();
    token.cancel();

    AgentResult result = agent(model).build().run("anything", StreamingHandler.NONE, token);

    assertThat(result.status()).isEqualTo(AgentStatus.CANCELLED);
    assertThat(model.callCount()).isZero();
  }

  @Test
  void cancellingWhileAToolRunsStopsTheToolAndKeepsTheStepsSoFar() throws Exception {
    TestTools.HangingTool hanging = new TestTools.HangingTool();
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("hang", "{}").thenText("never").build();
    CancellationToken token = CancellationToken.create();
    Agent agent = agent(model, hanging).build();

    CompletableFuture<AgentResult> run = CompletableFuture.supplyAsync(() -> agent.run("wait", StreamingHandler.NONE, token));
    assertThat(hanging.started.await(5, TimeUnit.SECONDS)).isTrue();
    token.cancel();
    AgentResult result = run.get(5, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(AgentStatus.CANCELLED);
    assertThat(result.steps(AgentStep.ToolCall.class)).hasSize(1);
    assertThat(hanging.sawCancellation).isTrue();
  }

  @Test
  void streamingDeliversTheAnswerTokenByToken() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("borrow the value instead").build();
    StringBuilder tokens = new StringBuilder();
    AtomicInteger pieces = new AtomicInteger();

    AgentResult result = agent(model).streamingChatModel(model.streaming()).build().run("fix", new StreamingHandler() {
      @Override
      public void onToken(String token) {
        tokens.append(token);
        pieces.incrementAndGet();
      }
    });

    assertThat(result.answer()).isEqualTo("borrow the value instead");
    assertThat(tokens.toString()).isEqualTo("borrow the value instead");
    assertThat(pieces.get()).isGreaterThan(1);
  }

  @Test
  void contextProvidersAddTheirTextToTheSystemMessage() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();

    agent(model).contextProvider((task, budget) -> "## Recalled\nlast time: use .clone() for E0382 in " + task)
        .build().run("fix E0382");

    ChatMessage system = model.lastRequest().messages().get(0);
    assertThat(ContextWindow.textOf(system)).contains(RustExpert.SYSTEM_PROMPT.strip().substring(0, 30))
        .contains("last time: use .clone() for E0382 in fix E0382");
  }

  @Test
  void aFailingContextProviderIsSkipped() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();

    AgentResult result = agent(model).contextProvider((task, budget) -> {
      throw new IllegalStateException("memory offline");
    }).build().run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
  }
}
