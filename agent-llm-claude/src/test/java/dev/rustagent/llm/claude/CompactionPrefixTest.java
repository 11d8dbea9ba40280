package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: compaction keeps tool_use/tool_result pairs whole and works in large steps, so the cached
 * prefix of the requests stays the same for many steps. A long scripted run (40 tool calls whose
 * results each take a quarter of the context budget) against {@link FakeAnthropicServer}, checked on
 * the wire. Keeping a fixed number of recent messages instead (six, as before) would compact on almost
 * every step here.
 */
class CompactionPrefixTest {
  private static final int STEPS = 40;

  @TempDir Path workspace;

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  private List<JsonNode> loopRequests;
  private AgentResult result;

  @BeforeEach
  void runALongSession() {
    AtomicInteger step = new AtomicInteger();
    server.respondWith(request -> {
      if (isSummaryRequest(request)) {
        return FakeResponse.text("Summary: read the logs so far; every entry was fine.");
      }
      int n = step.incrementAndGet();
      return n <= STEPS ? FakeResponse.toolUse("toolu_" + n, "read_log", "{\"path\":\"log" + n + "\"}")
          : FakeResponse.text("All logs read.");
    });
    ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(server.baseUrl()).build();
    Agent agent = Agent.builder()
        .chatModel(proxy.chatModel())
        .tools(ToolRegistry.of(new LogTool()))
        .workspace(workspace)
        .maxIterations(STEPS + 5)
        .contextBudgetTokens(12_000)
        .listener(new AgentListener() {
          @Override
          public void onEvent(AgentEvent event) {
            events.add(event);
          }
        })
        .build();
    result = agent.run("read every log and tell me whether anything failed");
    loopRequests = server.messageRequests().stream().filter(r -> !isSummaryRequest(r))
        .map(r -> withoutCacheMarks(r.json().path("messages"))).toList();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyToolResultTravelsWithItsToolUse() {
    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(compactions()).isPositive();
    for (JsonNode messages : loopRequests) {
      for (int i = 0; i < messages.size(); i++) {
        Set<String> results = ids(messages.get(i), "tool_result", "tool_use_id");
        Set<String> uses = ids(messages.get(i), "tool_use", "id");
        if (!results.isEmpty()) {
          assertThat(i).as("a tool_result opens the conversation").isPositive();
          assertThat(ids(messages.get(i - 1), "tool_use", "id")).as("tool_use for %s", results).containsAll(results);
        }
        if (!uses.isEmpty() && i + 1 < messages.size()) {
          assertThat(ids(messages.get(i + 1), "tool_result", "tool_use_id")).as("tool_result for %s", uses)
              .containsAll(uses);
        }
      }
    }
  }

  @Test
  void thePrefixChangesOnlyAtACompactionAndHoldsForManyStepsBetween() {
    List<Integer> breaks = new ArrayList<>();
    for (int i = 1; i < loopRequests.size(); i++) {
      if (!extendsPrevious(loopRequests.get(i - 1), loopRequests.get(i))) {
        breaks.add(i);
      }
    }

    assertThat(loopRequests).hasSize(STEPS + 1);
    assertThat(breaks).hasSize(compactions());
    assertThat(breaks.size() + 1).as("distinct prefixes over %d requests", loopRequests.size())
        .isLessThanOrEqualTo(loopRequests.size() / 2);
    for (int i = 1; i < breaks.size(); i++) {
      assertThat(breaks.get(i) - breaks.get(i - 1)).as("requests between compactions %s", breaks)
          .isGreaterThanOrEqualTo(3);
    }
  }

  private int compactions() {
    return (int) events.stream().filter(AgentEvent.ContextCompacted.class::isInstance).count();
  }

  private static boolean isSummaryRequest(RecordedRequest request) {
    return request.json().path("system").toString().contains("You summarise the earlier part");
  }

  /** Whether {@code next} starts with every message of {@code previous}. */
  private static boolean extendsPrevious(JsonNode previous, JsonNode next) {
    if (next.size() < previous.size()) {
      return false;
    }
    for (int i = 0; i < previous.size(); i++) {
      if (!previous.get(i).equals(next.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The messages without cache_control marks, which move with the newest turn by design. */
  private static JsonNode withoutCacheMarks(JsonNode messages) {
    JsonNode copy = messages.deepCopy();
    for (JsonNode message : copy) {
      for (JsonNode block : message.path("content")) {
        if (block instanceof ObjectNode object) {
          object.remove("cache_control");
        }
      }
    }
    return copy;
  }

  private static Set<String> ids(JsonNode message, String type, String field) {
    Set<String> ids = new HashSet<>();
    for (JsonNode block : message.path("content")) {
      if (type.equals(block.path("type").asText())) {
        ids.add(block.path(field).asText());
      }
    }
    return ids;
  }

  /** A read-only tool whose every result is large and different (about 3,000 tokens, a quarter of the budget). */
  private static final class LogTool implements Tool {
    @Override
    public String name() {
      return "read_log";
    }

    @Override
    public String description() {
      return "reads a log file";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("path", "the log").required("path").build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      StringBuilder log = new StringBuilder(arguments.string("path")).append('\n');
      while (log.length() < 12_000) {
        log.append("entry ").append(UUID.randomUUID()).append(" ok\n");
      }
      return ToolResult.success(log.toString());
    }
  }
}
