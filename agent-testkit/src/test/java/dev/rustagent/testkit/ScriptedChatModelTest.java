package dev.rustagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  @Test
  void answersInScriptOrderAndRecordsEveryRequest() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("cargo", "{\"subcommand\":\"check\"}")
        .thenText("clean")
        .build();

    ChatResponse first = model.chat(ask("check it"));
    ChatResponse second = model.chat(ask("and now?"));

    assertThat(first.aiMessage().toolExecutionRequests()).singleElement()
        .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"subcommand\":\"check\"}"));
    assertThat(second.aiMessage().text()).isEqualTo("clean");
    assertThat(model.requests()).extracting(r -> ((UserMessage) r.messages().get(0)).singleText())
        .containsExactly("check it", "and now?");
    assertThat(model.callCount()).isEqualTo(2);
  }

  @Test
  void anExhaustedScriptFailsClearly() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("only one").build();
    model.chat(ask("1"));

    assertThatThrownBy(() -> model.chat(ask("2"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no answer for call 2");
  }

  @Test
  void failuresAreInjectedAtTheChosenCall() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("a").thenTransientFailure().thenText("b").build();

    model.chat(ask("1"));
    assertThatThrownBy(() -> model.chat(ask("2"))).isInstanceOf(RateLimitException.class);
    assertThat(model.chat(ask("3")).aiMessage().text()).isEqualTo("b");
  }

  @Test
  void answersCanDependOnTheRequest() {
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(r -> ChatResponse.builder()
        .aiMessage(dev.langchain4j.data.message.AiMessage.from("echo: " + ((UserMessage) r.messages().get(0)).singleText()))
        .build()).build();

    assertThat(model.chat(ask("hi")).aiMessage().text()).isEqualTo("echo: hi");
  }

  @Test
  void theStreamingTwinStreamsWordsAndSharesTheScript() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("use a reference here").thenTransientFailure().build();
    List<String> parts = new ArrayList<>();
    AtomicReference<ChatResponse> done = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    StreamingChatResponseHandler handler = new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        parts.add(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.set(response);
      }

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }
    };

    model.streaming().chat(ask("how?"), handler);
    model.streaming().chat(ask("again"), handler);

    assertThat(String.join("", parts)).isEqualTo("use a reference here");
    assertThat(parts).hasSize(4);
    assertThat(done.get().aiMessage().text()).isEqualTo("use a reference here");
    assertThat(error.get()).isInstanceOf(RateLimitException.class);
    assertThat(model.callCount()).isEqualTo(2);
  }
}
