package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProxyErrorsTest {
  private static final String ENDPOINT = "POST http://localhost:8317/v1/messages";

  private static ModelException classify(int status, String body) {
    return ProxyErrors.fromResponse(status, Map.of(), body, ENDPOINT, Clock.systemUTC());
  }

  @Test
  void readsAnErrorGivenAsAPlainString() {
    ModelException failure = classify(401, "{\"error\":\"Missing API key\"}");

    assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(failure.getMessage()).contains("Missing API key");
  }

  @Test
  void readsAnOpenAiShapedErrorWithACode() {
    ModelException failure = classify(400,
        "{\"error\":{\"message\":\"The model claude-x does not exist\",\"type\":\"invalid_request_error\","
            + "\"code\":\"model_not_found\"}}");

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(failure.getMessage()).contains("does not offer the requested model");
  }

  @Test
  void keepsANonJsonBodyInTheMessage() {
    ModelException failure = classify(502, "<html>Bad Gateway</html>");

    assertThat(failure.kind()).isEqualTo(Kind.SERVER);
    assertThat(failure.getMessage()).contains("Bad Gateway");
  }

  @Test
  void reportsAnEmptyBody() {
    assertThat(classify(500, "").getMessage()).contains("(empty body)");
  }

  @Test
  void ignoresAnUnreadableRetryAfter() {
    ModelException failure = ProxyErrors.fromResponse(429, Map.of("Retry-After", List.of("soon")), "{}", ENDPOINT,
        Clock.systemUTC());

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void readsFractionalRetryAfterSeconds() {
    ModelException failure = ProxyErrors.fromResponse(429, Map.of("retry-after", List.of("1.5")), "{}", ENDPOINT,
        Clock.systemUTC());

    assertThat(failure.retryAfter()).hasValue(Duration.ofMillis(1500));
  }

  @Test
  void mapsA408ToTimeoutAndOther4xxToInvalidRequest() {
    assertThat(classify(408, "{}").kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(classify(422, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}").kind())
        .isEqualTo(Kind.INVALID_REQUEST);
  }

  @Test
  void findsATypedFailureAnywhereInTheCauseChain() {
    ModelException typed = new ModelException(Kind.OVERLOADED, "busy");

    assertThat(ProxyErrors.fromThrowable(new RuntimeException(new IllegalStateException(typed)), ENDPOINT))
        .isSameAs(typed);
  }

  @Test
  void namesTheBaseUrlWhenNothingListens() {
    ModelException failure = ProxyErrors.fromThrowable(new ConnectException("Connection refused"), ENDPOINT);

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.getMessage()).startsWith("No Claude proxy is listening at http://localhost:8317 (");
  }

  /** Records what the stream guard lets through to langchain4j's listener. */
  private static final class Recorder implements ServerSentEventListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    int closes;

    @Override
    public void onEvent(ServerSentEvent event) {
      events.add(event.event());
    }

    @Override
    public void onError(Throwable throwable) {
      errors.add(throwable);
    }

    @Override
    public void onClose() {
      closes++;
    }
  }

  @Test
  void theStreamGuardDropsPingsAndUnknownEventsAndClosesOnceAfterMessageStop() {
    Recorder recorder = new Recorder();
    StreamGuard guard = new StreamGuard(recorder, ENDPOINT);

    guard.onEvent(new ServerSentEvent("message_start", "{\"type\":\"message_start\",\"message\":{}}"));
    guard.onEvent(new ServerSentEvent("ping", "{\"type\":\"ping\"}"));
    guard.onEvent(new ServerSentEvent("thinking_budget_update", "{\"type\":\"thinking_budget_update\"}"));
    guard.onEvent(new ServerSentEvent("message_stop", "{\"type\":\"message_stop\"}"));
    guard.finish();
    guard.onClose();

    assertThat(recorder.events).containsExactly("message_start", "message_stop");
    assertThat(recorder.errors).isEmpty();
    assertThat(recorder.closes).isEqualTo(1);
  }

  @Test
  void theStreamGuardReportsABrokenReadOnceAsStreamInterrupted() {
    Recorder recorder = new Recorder();
    StreamGuard guard = new StreamGuard(recorder, ENDPOINT);

    guard.onEvent(new ServerSentEvent("message_start", "{\"type\":\"message_start\",\"message\":{}}"));
    guard.onError(new IOException("connection reset"));
    guard.finish();

    assertThat(recorder.errors).singleElement().satisfies(e -> {
      assertThat(((ModelException) e).kind()).isEqualTo(Kind.STREAM_INTERRUPTED);
      assertThat(e.getMessage()).contains("after 1 events");
    });
    assertThat(recorder.closes).isZero();
  }

  @Test
  void theStreamGuardMapsAnErrorEventThatSaysThePromptIsTooLong() {
    Recorder recorder = new Recorder();
    StreamGuard guard = new StreamGuard(recorder, ENDPOINT);

    guard.onEvent(new ServerSentEvent("error",
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long\"}}"));

    assertThat(recorder.errors).singleElement()
        .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE));
  }
}
