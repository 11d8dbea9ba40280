package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import dev.rustagent.core.RetryPolicy;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@link Agent} driving {@link ClaudeProxy} against {@link FakeAnthropicServer}: the whole HTTP path. */
class AgentOverProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RetryPolicy QUICK_RETRIES = RetryPolicy.builder()
      .maxRetries(2).initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(50)).jitter(0).build();

  @TempDir
  Path crate;

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void writeCrate() throws IOException {
    Files.createDirectories(crate.resolve("src"));
    Files.writeString(crate.resolve("Cargo.toml"), "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n");
    Files.writeString(crate.resolve("src/main.rs"), "fn main() { println!(\"Hello, world!\"); }\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Tool tool(String name, Function body) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return name + " in the crate";
      }

      @Override
      public JsonObjectSchema parameters() {
        return JsonObjectSchema.builder().addStringProperty("path", "a relative path").required("path").build();
      }

      @Override
      public Set<Action> actions(ToolArguments arguments) {
        return Set.of(Action.READ);
      }

      @Override
      public ToolResult execute(ToolArguments arguments, ToolContext context) {
        try {
          return ToolResult.success(body.apply(arguments.string("path")));
        } catch (IOException e) {
          return ToolResult.failure(e.getMessage());
        }
      }
    };
  }

  private interface Function {
    String apply(String path) throws IOException;
  }

  private ToolRegistry tools() {
    Tool list = tool("list_files", path -> {
      try (Stream<Path> files = Files.walk(crate.resolve(path))) {
        return files.filter(Files::isRegularFile).map(p -> crate.relativize(p).toString()).sorted()
            .collect(Collectors.joining("\n"));
      }
    });
    Tool read = tool("read_file", path -> Files.readString(crate.resolve(path)));
    return ToolRegistry.of(list, read);
  }

  private Agent.Builder agent(ClaudeProxy proxy) {
    return Agent.builder()
        .chatModel(proxy.chatModel())
        .streamingChatModel(proxy.streamingChatModel())
        .tools(tools())
        .workspace(crate)
        .retryPolicy(QUICK_RETRIES)
        .listener(new AgentListener() {
          @Override
          public void onEvent(AgentEvent event) {
            events.add(event);
          }
        });
  }

  private ClaudeProxy proxy() {
    return ClaudeProxy.builder().baseUrl(server.baseUrl()).build();
  }

  private void enqueueTwoToolRun() {
    server.enqueue(
        FakeResponse.message().text("Let me look around.").toolUse("toolu_1", "list_files", "{\"path\":\".\"}").build(),
        FakeResponse.message().toolUse("toolu_2", "read_file", "{\"path\":\"src/main.rs\"}").chunkSize(4).build(),
        FakeResponse.text("main.rs prints Hello, world!"));
  }

  private static List<String> toolResultTexts(RecordedRequest request) {
    List<String> texts = new java.util.ArrayList<>();
    for (JsonNode message : request.json().path("messages")) {
      for (JsonNode block : message.path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          texts.add(block.path("content").toString());
        }
      }
    }
    return texts;
  }

  private <T extends AgentEvent> List<T> eventsOf(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void completesATwoToolRunOverHttp() {
    enqueueTwoToolRun();

    AgentResult result = agent(proxy()).build().run("what does the crate print?");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("main.rs prints Hello, world!");
    assertThat(result.steps(AgentStep.ToolCall.class)).extracting(AgentStep.ToolCall::tool)
        .containsExactly("list_files", "read_file");
    List<RecordedRequest> requests = server.messageRequests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).json().path("tools").findValuesAsText("name")).contains("list_files", "read_file");
    assertThat(toolResultTexts(requests.get(2))).anySatisfy(t -> assertThat(t).contains("Hello, world!"));
    assertThat(result.tokenUsage().inputTokenCount()).isPositive();
  }

  @Test
  void completesATwoToolRunWhileStreaming() {
    enqueueTwoToolRun();
    List<String> tokens = new CopyOnWriteArrayList<>();

    AgentResult result = agent(proxy()).build().run("what does the crate print?", new StreamingHandler() {
      @Override
      public void onToken(String token) {
        tokens.add(token);
      }
    });

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("main.rs prints Hello, world!");
    assertThat(server.messageRequests()).allSatisfy(r -> assertThat(r.streaming()).isTrue());
    assertThat(String.join("", tokens)).contains("main.rs prints Hello, world!");
    assertThat(toolResultTexts(server.messageRequests().get(2))).anySatisfy(t -> assertThat(t).contains("Hello"));
  }

  @Test
  void reassemblesStreamedToolArgumentsForTheTool() {
    server.enqueue(
        FakeResponse.message().toolUse("toolu_1", "read_file", "{\"path\":\"Cargo.toml\"}").chunkSize(2).build(),
        FakeResponse.text("It is named demo."));

    AgentResult result = agent(proxy()).build().run("name?", new StreamingHandler() {});

    AgentStep.ToolCall call = result.steps(AgentStep.ToolCall.class).get(0);
    assertThat(call.arguments()).contains("Cargo.toml");
    assertThat(result.steps(AgentStep.ToolOutcome.class).get(0).result()).isInstanceOf(ToolResult.Success.class);
    assertThat(toolResultTexts(server.messageRequests().get(1))).anySatisfy(t -> assertThat(t).contains("demo"));
  }

  @Test
  void retriesA429AfterTheDelayTheServerGave() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(1)), FakeResponse.text("after the wait"));

    AgentResult result = agent(proxy()).build().run("hi");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("after the wait");
    AgentEvent.ModelRetried retry = eventsOf(AgentEvent.ModelRetried.class).get(0);
    assertThat(retry.error().kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(server.messageRequests()).hasSize(2);
  }

  @Test
  void retriesA529() {
    server.enqueue(FakeResponse.overloaded(), FakeResponse.text("recovered"));

    AgentResult result = agent(proxy()).build().run("hi");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(eventsOf(AgentEvent.ModelRetried.class)).singleElement()
        .satisfies(r -> assertThat(r.error().kind()).isEqualTo(Kind.OVERLOADED));
  }

  @Test
  void givesUpWithAClearErrorAfterTheRetryBudget() {
    server.enqueue(FakeResponse.overloaded(), FakeResponse.overloaded(), FakeResponse.overloaded(),
        FakeResponse.text("never reached"));

    AgentResult result = agent(proxy()).build().run("hi");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).isInstanceOf(ModelException.class);
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(result.failure().getMessage()).contains("overloaded").contains("gave up after 3 attempts");
    assertThat(server.messageRequests()).hasSize(3);
    assertThat(server.pendingResponses()).isEqualTo(1);
  }

  @Test
  void summarisesAndSucceedsAfterAContextTooLargeError() {
    server.enqueue(
        FakeResponse.toolUse("toolu_1", "list_files", "{\"path\":\".\"}"),
        FakeResponse.toolUse("toolu_2", "read_file", "{\"path\":\"src/main.rs\"}"),
        FakeResponse.toolUse("toolu_3", "read_file", "{\"path\":\"Cargo.toml\"}"),
        FakeResponse.promptTooLong(),
        FakeResponse.text("The crate lists two files and prints a greeting."),
        FakeResponse.text("Done after summarising."));

    AgentResult result = agent(proxy()).build().run("survey the crate");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("Done after summarising.");
    assertThat(eventsOf(AgentEvent.ContextCompacted.class)).hasSize(1);
    RecordedRequest afterSummary = server.messageRequests().get(5);
    assertThat(afterSummary.json().path("messages").toString()).contains("The crate lists two files");
  }

  @Test
  void reportsAnAuthenticationFailureClearlyWithoutRetrying() {
    server.requireApiKey("sk-proxy");

    AgentResult result = agent(proxy()).build().run("hi");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(result.failure().getMessage()).contains("api_key");
    assertThat(server.messageRequests()).hasSize(1);
  }

  @Test
  void retriesAStreamWhoseConnectionDropped() {
    server.enqueue(FakeResponse.droppedMidStream(FakeResponse.text("this never finishes"), 4),
        FakeResponse.text("second try worked"));

    AgentResult result = agent(proxy()).build().run("hi", new StreamingHandler() {});

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("second try worked");
    assertThat(eventsOf(AgentEvent.ModelRetried.class)).singleElement()
        .satisfies(r -> assertThat(r.error().kind()).isEqualTo(Kind.STREAM_INTERRUPTED));
  }

  @Test
  void anHtmlPageAnswered200IsANamedProtocolErrorAndNotRetried() {
    server.enqueue(FakeResponse.rawBody(200, "text/html", "<html><body>Sign in to the Wi-Fi</body></html>"),
        FakeResponse.text("never reached"));

    AgentResult result = agent(proxy()).build().run("what does the crate print?");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(result.failure()).isInstanceOf(ModelException.class).hasMessageContaining("text/html")
        .hasMessageContaining("Sign in to the Wi-Fi");
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(server.messageRequests()).hasSize(1);
  }

  @Test
  void aToolInputThatIsNotAnObjectIsAProtocolError() {
    server.enqueue(FakeResponse.rawBody(200, "application/json", "{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"toolu_1\",\"name\":\"read_file\",\"input\":\"src/main.rs\"}],\"stop_reason\":\"tool_use\","
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":5}}"));

    AgentResult result = Agent.builder().chatModel(proxy().chatModel()).tools(tools()).workspace(crate)
        .retryPolicy(QUICK_RETRIES).build().run("read main.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(((ModelException) result.failure()).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(result.failure()).hasMessageContaining("not a JSON object");
    assertThat(server.messageRequests()).hasSize(1);
  }

  @Test
  void anHtmlPageAnsweredToAPlainRequestIsAProtocolErrorToo() {
    server.enqueue(FakeResponse.rawBody(200, "text/html", "<html><body>Sign in</body></html>"),
        FakeResponse.text("never reached"));

    AgentResult result = Agent.builder().chatModel(proxy().chatModel()).tools(tools()).workspace(crate)
        .retryPolicy(QUICK_RETRIES).build().run("read main.rs");

    assertThat(((ModelException) result.failure()).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(result.failure()).hasMessageContaining("not JSON");
    assertThat(server.messageRequests()).hasSize(1);
  }

  @Test
  void aStreamEventThatIsNotJsonFailsTheCallAndTheRetryGetsTheWholeAnswer() {
    FakeResponse.Message answer = FakeResponse.message().text("Hello world, all of it").chunkSize(3).build();
    server.enqueue(FakeResponse.malformedEventMidStream(answer, 5), answer);

    AgentResult result = agent(proxy()).build().run("say hello", StreamingHandler.NONE);

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("Hello world, all of it");
    assertThat(eventsOf(AgentEvent.ModelRetried.class)).singleElement()
        .satisfies(r -> assertThat(r.error().kind()).isEqualTo(Kind.STREAM_INTERRUPTED));
  }

  @Test
  void aStreamedToolCallWithBrokenJsonGetsAToolErrorAndTheNextRequestIsValid() {
    server.enqueue(
        FakeResponse.message().toolUse("toolu_1", "read_file", "{\"path\": \"src/main.rs\"\"}").chunkSize(5).build(),
        FakeResponse.text("Sorry, fixed my call."));

    AgentResult result = agent(proxy()).build().run("read main.rs", new StreamingHandler() { });

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    RecordedRequest second = server.messageRequests().get(1);
    assertThat(second.body()).contains("invalid_arguments");
    assertThat(toolResultTexts(second)).singleElement().asString().containsIgnoringCase("json");
  }

  @Test
  void aStreamedToolCallCutOffAtMaxTokensEndsTheRunTruncated() {
    server.enqueue(FakeResponse.message().text("Reading.").toolUse("toolu_1", "read_file", "{\"path\": \"src/ma")
        .stopReason("max_tokens").build());

    AgentResult result = agent(proxy()).build().run("read main.rs", new StreamingHandler() { });

    assertThat(result.status()).isEqualTo(AgentStatus.TRUNCATED);
    assertThat(result.steps(AgentStep.ToolCall.class)).isEmpty();
  }

  @Test
  void aRefusalEndsTheRunRefused() {
    server.enqueue(FakeResponse.message().text("I can't help with that.").stopReason("refusal").build());

    assertThat(agent(proxy()).build().run("do harm").status()).isEqualTo(AgentStatus.REFUSED);
  }

  @Test
  void aPausedTurnEndsTheRunIncomplete() {
    server.enqueue(FakeResponse.message().text("Searching the web...").stopReason("pause_turn").build());

    assertThat(agent(proxy()).build().run("look it up").status()).isEqualTo(AgentStatus.INCOMPLETE);
  }

  @Test
  void aLongRunReadsMostOfItsInputFromThePromptCache() {
    String big = "fn helper() { let v: Vec<u32> = (0..10).collect(); }\n".repeat(200);
    server.respondWith(request -> request.json().path("messages").size() < 9
        ? FakeResponse.toolUse("toolu_" + request.json().path("messages").size(), "read_file",
            "{\"path\":\"src/main.rs\"}")
        : FakeResponse.text("done"));
    Agent agent = agent(proxy()).systemPrompt("You are a Rust expert.\n" + big).build();

    AgentResult result = agent.run("read main.rs a few times");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.usage().cacheReadTokens()).isPositive();
    assertThat(result.usage().cacheReadShare()).isGreaterThan(0.5);
  }
}
