package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;
import org.junit.jupiter.api.Test;

/** The breakpoints are spliced into the body as written: the marks land where they should, nothing else moves. */
class PromptCacheTest {
  private static final ObjectMapper JSON = CoreJson.MAPPER;
  private static final String MARK = "\"cache_control\":{\"type\":\"ephemeral\"}";
  private final PromptCache cache = new PromptCache(JSON, PromptCaching.FIVE_MINUTES);

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void marksTheLastToolTheSystemTextTheLastTurnAndTheUserTurnBeforeIt() throws Exception {
    String body = q("{'model':'m','tools':[{'name':'a'},{'name':'b'}],'system':'Be brief.','messages':["
        + "{'role':'user','content':[{'type':'text','text':'one'}]},"
        + "{'role':'assistant','content':[{'type':'text','text':'two'}]},"
        + "{'role':'user','content':[{'type':'text','text':'three'}]},"
        + "{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'x','input':{}}]}]}");

    JsonNode marked = tree(cache.mark(body));

    assertThat(marked.path("tools").get(0).has("cache_control")).isFalse();
    assertThat(marked.path("tools").get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    assertThat(marked.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
    assertThat(marked.path("system").get(0).has("cache_control")).isTrue();
    JsonNode messages = marked.path("messages");
    assertThat(messages.get(3).path("content").get(0).has("cache_control")).isTrue();
    assertThat(messages.get(2).path("content").get(0).has("cache_control")).isTrue();
    assertThat(messages.get(1).path("content").get(0).has("cache_control")).isFalse();
    assertThat(messages.get(0).path("content").get(0).has("cache_control")).isFalse();
  }

  @Test
  void theMarksAreSplicedInAndOnlyTheWhitespaceBetweenTokensIsDropped() {
    String body = "{ \"messages\" : [ {\"role\":\"user\",\"content\":[ {\"type\":\"text\",\n"
        + "  \"text\":\"caf\\u00e9  \\\"q\\\" \\\\ 🦀 {\\n}\"} ]} ],\n  \"max_tokens\": 10 }";

    String marked = cache.mark(body);

    assertThat(marked).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"caf\\u00e9  \\\"q\\\" \\\\ 🦀 {\\n}\"," + MARK + "}]}],\"max_tokens\":10}");
  }

  @Test
  void withCachingOffTheBodyIsOnlyCompacted() {
    PromptCache off = new PromptCache(JSON, PromptCaching.OFF);

    assertThat(off.mark(q("{ 'messages' : [ {'role' : 'user', 'content' : 'a b'} ] }")))
        .isEqualTo(q("{'messages':[{'role':'user','content':'a b'}]}"));
  }

  @Test
  void aStringContentOrSystemBecomesOneMarkedTextBlockWithItsEscapesKept() throws Exception {
    String body = q("{'system':'line\\nbreak','messages':[{'role':'user','content':'say \\'hi\\' \\u00e9'}]}");

    JsonNode marked = tree(cache.mark(body));

    assertThat(marked.path("system").get(0).path("text").asText()).isEqualTo("line\nbreak");
    assertThat(marked.path("messages").get(0).path("content").get(0).path("text").asText())
        .isEqualTo("say \"hi\" é");
    assertThat(marked.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
  }

  @Test
  void emptyObjectsGetAMarkWithoutALeadingComma() throws Exception {
    String marked = cache.mark(q("{'tools':[{}],'messages':[{'role':'user','content':[{}]}]}"));

    assertThat(tree(marked).path("tools").get(0).has("cache_control")).isTrue();
    assertThat(tree(marked).path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
  }

  @Test
  void thinkingBlocksEmptyContentAndNonObjectsAreNeverMarked() throws Exception {
    String body = q("{'system':'','messages':[{'role':'user','content':''},{'role':'user','content':[]},"
        + "{'role':'assistant','content':[{'type':'thinking','thinking':'x','signature':'s'}]},"
        + "{'role':'user','content':[1]},'not a message']}");

    assertThat(cache.mark(body)).isEqualTo(body);
  }

  @Test
  void atMostFourBreakpointsAndTheOneHourTtlWhenChosen() {
    PromptCache hour = new PromptCache(JSON, PromptCaching.ONE_HOUR);
    String body = q("{'tools':[{'name':'a'}],'system':[{'type':'text','text':'s'}],'messages':["
        + "{'role':'user','content':'a'},{'role':'user','content':'b'},{'role':'user','content':'c'}]}");

    String marked = hour.mark(body);

    assertThat(marked.split("cache_control", -1)).hasSize(5);
    assertThat(marked).contains("\"ttl\":\"1h\"");
  }

  @Test
  void bodiesThatAreNotMessagesRequestsOrNotJsonOrAlreadyMarkedPassUnchanged() {
    String[] bodies = {
      "not json", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}", "[1,2]", "{\"model\":\"m\"}",
      "{\"messages\":\"x\"}", q("{'messages':[{'role':'user','content':[{'type':'text','text':'t','cache_control':{}}]}]}"),
      ""
    };
    for (String body : bodies) {
      assertThat(cache.mark(body)).as(body).isEqualTo(body);
    }
    assertThat(cache.mark(null)).isNull();
  }
}
