package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;

class ResilienceTest {
  @TempDir
  Path workspace;

  private final List<AgentEvent.ModelRetried> retries = new CopyOnWriteArrayList<>();
  private final List<AgentEvent.ContextCompacted> compactions = new CopyOnWriteArrayList<>();

  private Agent.Builder agent(ScriptedChatModel model) {
    return Agent.builder().chatModel(model).workspace(workspace)
        .retryPolicy(RetryPolicy.builder().maxRetries(2).initialDelay(Duration.ofMillis(1)).jitter(0).build())
        .listener(new AgentListener() {
          @Override
          public void onModelRetried(AgentEvent.ModelRetried event) {
            retries.add(event);
          }

          @Override
          public void onContextCompacted(AgentEvent.ContextCompacted event) {
            compactions.add(event);
          }
        });
  }

  @Test
  void transientFailuresAreRetriedUntilTheModelAnswers() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenTransientFailure()
        .thenFail(new ModelException(ModelException.Kind.OVERLOADED, "529 overloaded"))
        .thenText("made it")
        .build();

    AgentResult result = agent(model).build().run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("made it");
    assertThat(retries).extracting(r -> r.error().kind())
        .containsExactly(ModelException.Kind.RATE_LIMITED, ModelException.Kind.OVERLOADED);
    assertThat(result.modelLatencies()).hasSize(3);
  }

  @Test
  void theServersRetryAfterIsHonoured() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new ModelException(ModelException.Kind.RATE_LIMITED, "429", 429, Duration.ofMillis(120), null))
        .thenText("ok")
        .build();

    agent(model).build().run("go");

    assertThat(retries).singleElement().satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofMillis(120)));
  }

  @Test
  void transientFailuresPastTheBudgetFailTheRunWithAClearMessage() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenTransientFailure().thenTransientFailure().thenTransientFailure().thenText("too late")
        .build();

    AgentResult result = agent(model).build().run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).isInstanceOf(ModelException.class)
        .hasMessageContaining("rate limiting").hasMessageContaining("gave up after 3 attempts");
    assertThat(model.callCount()).isEqualTo(3);
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new InvalidRequestException("model_not_found: claude-nope"))
        .thenText("never")
        .build();

    AgentResult result = agent(model).build().run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(ModelException.Kind.INVALID_REQUEST);
    assertThat(result.failure()).hasMessageContaining("model_not_found");
    assertThat(model.callCount()).isEqualTo(1);
    assertThat(retries).isEmpty();
  }

  @Test
  void theFallbackModelAnswersWhenTheMainModelKeepsFailing() {
    ScriptedChatModel main = ScriptedChatModel.builder().otherwise(r -> {
      throw new ModelException(ModelException.Kind.SERVER, "500 internal error");
    }).build();
    ScriptedChatModel fallback = ScriptedChatModel.builder().thenText("from the fallback").build();

    AgentResult result = agent(main).fallbackModel(fallback).build().run("go");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("from the fallback");
    assertThat(main.callCount()).isEqualTo(3);
  }

  @Test
  void stepsRecordedBeforeAModelFailureAreKept() throws Exception {
    Files.writeString(workspace.resolve("a.rs"), "fn a() {}");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenFail(new ModelException(ModelException.Kind.AUTHENTICATION, "401 Invalid API key"))
        .build();

    AgentResult result = agent(model).tools(ToolRegistry.of(TestTools.readFile(workspace))).build().run("read");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).hasMessageContaining("Invalid API key");
    assertThat(result.steps(AgentStep.ToolOutcome.class)).singleElement()
        .satisfies(o -> assertThat(o.result().text()).isEqualTo("fn a() {}"));
  }

  @Test
  void contextTooLargeSummarisesOlderTurnsAndRetriesOnce() throws Exception {
    Files.writeString(workspace.resolve("a.rs"), "fn a() {}");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenFail(new InvalidRequestException("prompt is too long: 250000 tokens > 200000 maximum"))
        .thenText("- read a.rs several times")
        .thenText("finished after the summary")
        .build();

    AgentResult result = agent(model).tools(ToolRegistry.of(TestTools.readFile(workspace))).build().run("read a.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("finished after the summary");
    assertThat(compactions).singleElement().satisfies(c -> assertThat(c.messagesAfter()).isLessThan(c.messagesBefore()));
    var last = model.lastRequest().messages();
    assertThat(last).filteredOn(UserMessage.class::isInstance).singleElement()
        .satisfies(m -> assertThat(((UserMessage) m).singleText())
            .contains("Summary of the earlier conversation").contains("- read a.rs several times").contains("read a.rs"));
  }

  @Test
  void aSecondContextTooLargeErrorFailsTheRun() throws Exception {
    Files.writeString(workspace.resolve("a.rs"), "fn a() {}");
    InvalidRequestException tooLong = new InvalidRequestException("prompt is too long");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenFail(tooLong)
        .thenText("summary")
        .thenFail(tooLong)
        .build();

    AgentResult result = agent(model).tools(ToolRegistry.of(TestTools.readFile(workspace))).build().run("read");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(ModelException.Kind.CONTEXT_TOO_LARGE);
  }

  @Test
  void aConversationPastTheBudgetIsSummarisedBeforeTheCall() throws Exception {
    // Distinct lines: the loop's output shaping would collapse repeated (or only renumbered) ones.
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      big.append("// filler ").append(Integer.toString(i + 100, 36).replaceAll("\\d", "q")).append('\n');
    }
    Files.writeString(workspace.resolve("big.rs"), big.toString());
    ScriptedChatModel.Builder script = ScriptedChatModel.builder();
    for (int i = 0; i < 4; i++) {
      script.thenToolCall("read_file", "{\"path\":\"big.rs\"}");
    }
    ScriptedChatModel model = script.thenText("summary of reads").thenText("done").build();

    AgentResult result = agent(model).tools(ToolRegistry.of(TestTools.readFile(workspace)))
        .contextBudgetTokens(5_000).build().run("read big.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(compactions).isNotEmpty();
    int estimate = ContextWindow.estimateTokens(HeuristicTokenCountEstimator.INSTANCE, model.lastRequest().messages(), model.lastRequest().toolSpecifications());
    assertThat(estimate).isLessThanOrEqualTo(5_000);
  }
}
