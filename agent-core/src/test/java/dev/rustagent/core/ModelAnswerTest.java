package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;

/** How the loop judges a model's answer: why it stopped, empty answers, broken tool calls. */
class ModelAnswerTest {
  @TempDir
  Path workspace;

  private static ScriptedChatModel.Step answer(AiMessage message, FinishReason reason) {
    return request -> ChatResponse.builder().aiMessage(message).finishReason(reason)
        .tokenUsage(new TokenUsage(10, 5)).build();
  }

  private static ToolExecutionRequest call(String id, String arguments) {
    return ToolExecutionRequest.builder().id(id).name("read_file").arguments(arguments).build();
  }

  private Agent agent(ScriptedChatModel model) throws Exception {
    Files.writeString(workspace.resolve("main.rs"), "fn main() {}\n");
    return Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(TestTools.readFile(workspace))).retryPolicy(RetryPolicy.none()).build();
  }

  @Test
  void anAnswerCutOffAtMaxTokensIsTruncatedNotCompleted() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(answer(AiMessage.from("The fix is to clone the vec and then"), FinishReason.LENGTH)).build();

    AgentResult result = agent(model).run("fix it");

    assertThat(result.status()).isEqualTo(AgentStatus.TRUNCATED);
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.answer()).isEqualTo("The fix is to clone the vec and then");
  }

  @Test
  void aToolCallCutOffAtMaxTokensIsNotRun() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(answer(AiMessage.from(List.of(call("toolu_1", "{\"path\":\"ma"))), FinishReason.LENGTH)).build();

    AgentResult result = agent(model).run("read main.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.TRUNCATED);
    assertThat(result.steps(AgentStep.ToolCall.class)).isEmpty();
  }

  @Test
  void aSessionStaysUsableAfterAToolCallCutOffAtMaxTokens() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(answer(AiMessage.from(List.of(call("toolu_1", "{\"path\":\"ma"))), FinishReason.LENGTH))
        .thenText("Here is a shorter plan.")
        .build();
    AgentSession session = agent(model).newSession();

    session.run("read main.rs");
    AgentResult second = session.run("try again, briefly");

    assertThat(second.status()).isEqualTo(AgentStatus.COMPLETED);
    List<ChatMessage> sent = model.lastRequest().messages();
    AiMessage cut = sent.stream().filter(AiMessage.class::isInstance).map(AiMessage.class::cast)
        .filter(AiMessage::hasToolExecutionRequests).findFirst().orElseThrow();
    assertThat(ModelAnswer.isJsonObject(cut.toolExecutionRequests().get(0).arguments())).isTrue();
    assertThat(sent).filteredOn(ToolExecutionResultMessage.class::isInstance)
        .extracting(m -> ((ToolExecutionResultMessage) m).text())
        .singleElement().asString().contains("max_tokens");
  }

  @Test
  void aToolCallWithBrokenArgumentsGetsAToolErrorAndTheNextRequestIsValid() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCalls(call("toolu_1", "{\"path\": \"main.rs\"\"}"))
        .thenText("done")
        .build();

    AgentResult result = agent(model).run("read main.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    List<ChatMessage> sent = model.lastRequest().messages();
    ToolExecutionResultMessage error = sent.stream().filter(ToolExecutionResultMessage.class::isInstance)
        .map(ToolExecutionResultMessage.class::cast).findFirst().orElseThrow();
    assertThat(error.text()).containsIgnoringCase("json");
    AiMessage resent = sent.stream().filter(AiMessage.class::isInstance).map(AiMessage.class::cast)
        .filter(AiMessage::hasToolExecutionRequests).findFirst().orElseThrow();
    assertThat(resent.toolExecutionRequests().get(0).arguments())
        .contains("invalid_arguments").satisfies(a -> assertThat(ModelAnswer.isJsonObject(a)).isTrue());
  }

  @Test
  void anEmptyAnswerFailsTheRunWithAClearMessage() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().then(answer(AiMessage.from(""), FinishReason.STOP)).build();

    AgentResult result = agent(model).run("fix it");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).hasMessageContaining("empty answer");
  }

  @Test
  void aRefusalEndsTheRunRefused() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(answer(AiMessage.from("I can't help with that."), FinishReason.CONTENT_FILTER)).build();

    assertThat(agent(model).run("do something bad").status()).isEqualTo(AgentStatus.REFUSED);
  }

  @Test
  void aPausedTurnEndsTheRunIncomplete() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(answer(AiMessage.from("Searching..."), FinishReason.OTHER)).build();

    assertThat(agent(model).run("look it up").status()).isEqualTo(AgentStatus.INCOMPLETE);
  }

  @Test
  void contextTooLargeOnTheFirstTurnIsAClearFailure() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new ModelException(ModelException.Kind.CONTEXT_TOO_LARGE, "prompt is too long: 300000 tokens"))
        .build();

    AgentResult result = agent(model).run("x".repeat(100));

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).isInstanceOf(ModelException.class)
        .hasMessageContaining("prompt is too long").hasMessageContaining("nothing older is left to summarise");
  }

  @Test
  void aRetryAfterLongerThanThePolicyWaitsFailsAtOnceSayingTheWait() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new ModelException(ModelException.Kind.RATE_LIMITED, "429", 429, Duration.ofSeconds(3600), null))
        .thenText("never reached")
        .build();
    Agent agent = agent(model).toBuilder()
        .retryPolicy(RetryPolicy.builder().maxRetries(3).maxRetryAfter(Duration.ofSeconds(60)).build()).build();

    AgentResult result = agent.run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).hasMessageContaining("3600 s");
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterLongerThanTheRunHasLeftFailsAtOnce() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new ModelException(ModelException.Kind.RATE_LIMITED, "429", 429, Duration.ofSeconds(90), null))
        .thenText("never reached")
        .build();
    Agent agent = agent(model).toBuilder().runTimeout(Duration.ofSeconds(30))
        .retryPolicy(RetryPolicy.builder().maxRetries(3).build()).build();

    AgentResult result = agent.run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).hasMessageContaining("90 s").hasMessageContaining("time budget");
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void aRunThatOutlivesItsTimeBudgetEndsTimedOut() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwiseToolCall("hang", "{}")
        .build();
    Agent agent = Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(new TestTools.HangingTool())).maxIterations(1000)
        .runTimeout(Duration.ofSeconds(1)).build();

    AgentResult result = agent.run("hang");

    assertThat(result.status()).isEqualTo(AgentStatus.TIMED_OUT);
    assertThat(result.failure()).hasMessageContaining("time budget");
  }

  @Test
  void anAbsurdRunTimeoutIsRefusedByTheBuilder() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Agent.builder().runTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .withMessageContaining("between 1 second and 7 days");
  }

  @Test
  void theContextBudgetCountsWithTheGivenEstimator() throws Exception {
    dev.langchain4j.model.TokenCountEstimator huge = new dev.langchain4j.model.TokenCountEstimator() {
      @Override
      public int estimateTokenCountInText(String text) {
        return 1_000_000;
      }

      @Override
      public int estimateTokenCountInMessage(ChatMessage message) {
        return 1_000_000;
      }

      @Override
      public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        return 1_000_000;
      }
    };
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenText("summary of earlier turns")
        .thenText("done")
        .build();
    List<AgentEvent.ContextCompacted> compactions = new java.util.concurrent.CopyOnWriteArrayList<>();
    Agent agent = agent(model).toBuilder().tokenCountEstimator(huge).listener(new AgentListener() {
      @Override
      public void onContextCompacted(AgentEvent.ContextCompacted event) {
        compactions.add(event);
      }
    }).build();

    agent.run("read main.rs four times");

    assertThat(compactions).isNotEmpty();
    assertThat(model.requests().get(0).messages()).last().isInstanceOf(UserMessage.class);
  }
}
