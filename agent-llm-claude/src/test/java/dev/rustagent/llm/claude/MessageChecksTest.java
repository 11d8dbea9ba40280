package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-pass checks on a 200 answer ({@link ProxyHttpClient#checkMessage}) and on each stream event
 * ({@link StreamGuard}): what they let through and what they refuse, whatever the field order.
 */
class MessageChecksTest {
  private static final String ENDPOINT = "POST http://127.0.0.1:1/v1/messages";

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static ModelException refused(String body) {
    return catchThrowableOfType(ModelException.class,
        () -> ProxyHttpClient.checkMessage(body, "application/json", ENDPOINT));
  }

  @Test
  void aMessageWithTextAndToolUseInAnyFieldOrderPasses() {
    String body = q("{'id':'m','content':[{'text':'hi','type':'text'},{'input':{'path':'a'},'name':'read',"
        + "'type':'tool_use','id':'t'},7],'stop_reason':'tool_use','usage':{'input_tokens':1}}");

    assertThatCode(() -> ProxyHttpClient.checkMessage(body, "application/json", ENDPOINT)).doesNotThrowAnyException();
  }

  @Test
  void aBodyThatIsNotJsonOrIsCutOffIsAProtocolErrorNamingTheContentType() {
    for (String body : new String[] {"<html>Sign in</html>", "{\"content\":[{\"type\":\"text\"", "", "   "}) {
      ModelException error = refused(body);
      assertThat(error.kind()).as(body).isEqualTo(Kind.PROTOCOL);
      assertThat(error).as(body).hasMessageContaining("not JSON").hasMessageContaining("application/json");
    }
  }

  @Test
  void jsonThatIsNotAMessageIsAProtocolErrorQuotingIt() {
    for (String body : new String[] {"[1,2]", "\"text\"", q("{'type':'message'}"), q("{'content':'hi'}")}) {
      ModelException error = refused(body);
      assertThat(error.kind()).as(body).isEqualTo(Kind.PROTOCOL);
      assertThat(error).as(body).hasMessageContaining("not a message").hasMessageContaining(body);
    }
  }

  @Test
  void aToolUseWhoseInputIsNotAnObjectOrIsMissingIsRefusedByName() {
    assertThat(refused(q("{'content':[{'type':'tool_use','name':'read_file','input':'src/main.rs'}]}")))
        .hasMessageContaining("'read_file'").hasMessageContaining("\"src/main.rs\"");
    assertThat(refused(q("{'content':[{'input':[1],'type':'tool_use','name':'grep'}]}")))
        .hasMessageContaining("'grep'").hasMessageContaining("[1]");
    assertThat(refused(q("{'content':[{'type':'tool_use','name':'cargo','input':null}]}")))
        .hasMessageContaining("null");
    assertThat(refused(q("{'content':[{'type':'tool_use','name':'git'}]}"))).hasMessageContaining("missing");
  }

  @Test
  void aFullContextWindowIsReportedAsSuch() {
    assertThat(refused(q("{'stop_reason':'model_context_window_exceeded','content':[]}")).kind())
        .isEqualTo(Kind.CONTEXT_TOO_LARGE);
  }

  @Test
  void theStreamGuardForwardsWholeEventsAndStopsAtTheFirstBadOne() {
    Recorder recorder = new Recorder();
    StreamGuard guard = new StreamGuard(recorder, ENDPOINT);

    guard.onEvent(new ServerSentEvent("content_block_start",
        q("{'index':0,'content_block':{'input':{},'type':'tool_use','name':'x'}}")));
    guard.onEvent(new ServerSentEvent("content_block_delta", q("{'delta':{'type':'text_delta','text':'{'}}")));
    guard.onEvent(new ServerSentEvent("content_block_delta", "{\"delta\":{\"type\":\"text_delta\""));
    guard.onEvent(new ServerSentEvent("message_stop", "{}"));

    assertThat(recorder.events).containsExactly("content_block_start", "content_block_delta");
    assertThat(recorder.error).isInstanceOf(ModelException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void theStreamGuardRefusesAToolUseStartWithoutAnObjectInputAndAFullContextWindow() {
    Recorder tool = new Recorder();
    new StreamGuard(tool, ENDPOINT).onEvent(new ServerSentEvent("content_block_start",
        q("{'content_block':{'type':'tool_use','input':'x'},'delta':{'type':'tool_use'}}")));
    Recorder full = new Recorder();
    new StreamGuard(full, ENDPOINT).onEvent(new ServerSentEvent("message_delta",
        q("{'delta':{'stop_reason':'model_context_window_exceeded'}}")));

    assertThat(((ModelException) tool.error).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(((ModelException) full.error).kind()).isEqualTo(Kind.CONTEXT_TOO_LARGE);
  }

  private static final class Recorder implements ServerSentEventListener {
    final List<String> events = new ArrayList<>();
    Throwable error;

    @Override
    public void onEvent(ServerSentEvent event) {
      events.add(event.event());
    }

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
    }
  }
}
