package dev.rustagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.RetryPolicy;
import dev.rustagent.core.orchestrator.AgentNetwork;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AgentTelemetryTest {

  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @TempDir
  Path workspace;

  private static final String SECRET_TASK = "fix the bug in src/secret_module.rs";

  /** A tool made of a name, its actions and a body. */
  private static Tool tool(String name, Set<Action> actions, Function<ToolArguments, ToolResult> body) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test tool " + name;
      }

      @Override
      public JsonObjectSchema parameters() {
        return JsonObjectSchema.builder().addStringProperty("text").build();
      }

      @Override
      public Set<Action> actions(ToolArguments arguments) {
        return actions;
      }

      @Override
      public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return body.apply(arguments);
      }
    };
  }

  private static final Tool ECHO = tool("echo", Set.of(Action.READ), a -> ToolResult.success("echo: private output"));

  /** The scripted model under a model name and provider, as a real client reports them. */
  private static ChatModel named(ScriptedChatModel scripted) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        ChatResponse r = scripted.doChat(request);
        return ChatResponse.builder().aiMessage(r.aiMessage()).tokenUsage(r.tokenUsage()).finishReason(r.finishReason())
            .modelName("claude-sonnet-4-6-20261001").id("msg_" + scripted.callCount()).build();
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return ChatRequestParameters.builder().modelName("claude-sonnet-4-6").build();
      }

      @Override
      public ModelProvider provider() {
        return ModelProvider.ANTHROPIC;
      }
    };
  }

  private Agent.Builder agent(ChatModel model, AgentTelemetry telemetry, Tool... tools) {
    return Agent.builder().chatModel(model).tools(ToolRegistry.of(tools)).workspace(workspace)
        .permissionPolicy(PermissionPolicy.defaults()).plugin(telemetry)
        .retryPolicy(RetryPolicy.builder().maxRetries(2).initialDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(5)).build());
  }

  private static SpanData span(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(SpanData::getName).toList()));
  }

  @Test
  void aRunIsAnInvokeAgentSpanWithItsModelAndToolCallsAsChildren() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}").thenText("done").build();
    AgentResult result = agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), ECHO).build().run(SECRET_TASK);

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    List<SpanData> spans = otel.getSpans();
    SpanData run = span(spans, "invoke_agent rust-agent");
    assertThat(run.getParentSpanContext().isValid()).isFalse();
    assertThat(spans).filteredOn(s -> !s.equals(run))
        .hasSize(3)
        .allSatisfy(s -> {
          assertThat(s.getParentSpanId()).isEqualTo(run.getSpanId());
          assertThat(s.getTraceId()).isEqualTo(run.getTraceId());
        })
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("chat claude-sonnet-4-6", "execute_tool echo", "chat claude-sonnet-4-6");
    assertThat(run.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
    assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(20);
  }

  @Test
  void chatSpansCarryTheGenAiAttributes() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}").thenText("done")
        .usagePerCall(120, 30).build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), ECHO).build().run(SECRET_TASK);

    List<SpanData> chats = otel.getSpans().stream().filter(s -> s.getName().startsWith("chat")).toList();
    assertThat(chats).hasSize(2).allSatisfy(chat -> {
      assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("anthropic");
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("claude-sonnet-4-6");
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
          .isEqualTo("claude-sonnet-4-6-20261001");
      assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120);
      assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(30);
    });
    assertThat(chats).extracting(c -> c.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactlyInAnyOrder(List.of("tool_calls"), List.of("stop"));
  }

  @Test
  void toolSpansRecordThePermissionDecisionAndTheOutcome() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}").thenText("done").build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), ECHO).build().run(SECRET_TASK);

    SpanData tool = span(otel.getSpans(), "execute_tool echo");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("echo");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isNotBlank();
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("rust_agent.permission"))).isEqualTo("allow");
    assertThat(tool.getAttributes().get(AttributeKey.booleanKey("rust_agent.permission.allowed"))).isTrue();
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("rust_agent.tool.outcome"))).isEqualTo("success");
    assertThat(tool.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void aFailingToolEndsItsSpanWithAnError() {
    Tool broken = tool("cargo_check", Set.of(Action.READ), a -> ToolResult.failure("error[E0382]: borrow of moved value"));
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("cargo_check", "{}").thenText("it fails").build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), broken).build().run(SECRET_TASK);

    SpanData tool = span(otel.getSpans(), "execute_tool cargo_check");
    assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("rust_agent.tool.outcome"))).isEqualTo("failure");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("tool_error");
  }

  @Test
  void aRefusedCallRecordsTheDecision() {
    Tool writer = tool("write_file", Set.of(Action.MODIFY_CODE), a -> ToolResult.success("written"));
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("write_file", "{}").thenText("could not").build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), writer).build().run(SECRET_TASK);

    SpanData tool = span(otel.getSpans(), "execute_tool write_file");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("rust_agent.permission"))).isEqualTo("ask");
    assertThat(tool.getAttributes().get(AttributeKey.booleanKey("rust_agent.permission.allowed"))).isFalse();
    assertThat(tool.getAttributes().get(AttributeKey.stringArrayKey("rust_agent.tool.actions")))
        .containsExactly("MODIFY_CODE");
    assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aRetriedModelCallGetsAFailedSpanPerFailedAttempt() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenTransientFailure().thenText("done").build();
    AgentResult result = agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry())).build().run(SECRET_TASK);

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    List<SpanData> chats = otel.getSpans().stream().filter(s -> s.getName().startsWith("chat")).toList();
    assertThat(chats).hasSize(2);
    assertThat(chats).filteredOn(c -> c.getStatus().getStatusCode() == StatusCode.ERROR).singleElement()
        .satisfies(failed -> {
          assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limited");
          assertThat(failed.getAttributes().get(AttributeKey.longKey("rust_agent.retry.attempt"))).isEqualTo(1);
        });
  }

  @Test
  void aRunThatFailsEndsItsOpenSpansWithErrors() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenFail(new IllegalStateException("boom")).build();
    AgentResult result = agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry())).build().run(SECRET_TASK);

    assertThat(result.status()).isEqualTo(AgentStatus.FAILED);
    assertThat(otel.getSpans()).hasSize(2).allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }

  @Test
  void noPromptOrToolTextIsRecordedUnlessTheHostOptsIn() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}").thenText("done").build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), ECHO).build().run(SECRET_TASK);

    assertThat(otel.getSpans()).allSatisfy(s -> assertThat(s.getAttributes().asMap().values())
        .noneMatch(v -> v.toString().contains("secret_module") || v.toString().contains("private output")
            || v.toString().contains("\"hi\"")));
  }

  @Test
  void contentIsRecordedWhenTheHostOptsIn() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}").thenText("done").build();
    AgentTelemetry telemetry = AgentTelemetry.builder(otel.getOpenTelemetry()).captureContent(true).build();
    agent(named(model), telemetry, ECHO).build().run(SECRET_TASK);

    SpanData tool = span(otel.getSpans(), "execute_tool echo");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments"))).contains("\"hi\"");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result"))).contains("private output");
    assertThat(otel.getSpans()).filteredOn(s -> s.getName().startsWith("chat")).first()
        .satisfies(chat -> assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
            .contains("secret_module"));
  }

  @Test
  void helperAgentsSpawnedDuringARunAreItsChildSpans() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("delegate", "{}")      // parent asks for the helper
        .thenText("helper's answer")         // the helper's only call
        .thenText("done")                    // the parent finishes
        .build();
    AtomicReference<AgentNetwork> network = new AtomicReference<>();
    Tool delegate = tool("delegate", Set.of(Action.READ), a -> {
      try {
        String answer = network.get().spawn(HelperSpec.of("look at the tests")).result().get(60, TimeUnit.SECONDS).answer();
        return ToolResult.success(answer);
      } catch (Exception e) {
        return ToolResult.failure(e.toString());
      }
    });
    Agent parent = agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), delegate).build();
    try (AgentNetwork net = AgentNetwork.builder().parent(parent).build()) {
      network.set(net);
      assertThat(parent.run(SECRET_TASK).status()).isEqualTo(AgentStatus.COMPLETED);
    }

    List<SpanData> runs = otel.getSpans().stream().filter(s -> s.getName().startsWith("invoke_agent")).toList();
    assertThat(runs).hasSize(2);
    SpanData root = runs.stream().filter(s -> !s.getParentSpanContext().isValid()).findFirst().orElseThrow();
    SpanData helper = runs.stream().filter(s -> s != root).findFirst().orElseThrow();
    assertThat(helper.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(helper.getTraceId()).isEqualTo(root.getTraceId());
    assertThat(otel.getSpans()).filteredOn(s -> s.getName().startsWith("chat"))
        .filteredOn(s -> s.getParentSpanId().equals(helper.getSpanId())).hasSize(1);
  }

  @Test
  void tokenMetricsAreSummedOverTheModelCalls() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall("echo", "{\"text\":\"hi\"}")
        .thenToolCall("echo", "{\"text\":\"again\"}").thenText("done").usagePerCall(100, 7).build();
    agent(named(model), AgentTelemetry.create(otel.getOpenTelemetry()), ECHO).build().run(SECRET_TASK);

    MetricData tokens = metric("gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    HistogramPointData input = point(tokens, "input");
    HistogramPointData output = point(tokens, "output");
    assertThat(input.getCount()).isEqualTo(3);
    assertThat(input.getSum()).isEqualTo(300);
    assertThat(output.getSum()).isEqualTo(21);
    assertThat(input.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("claude-sonnet-4-6");
    MetricData duration = metric("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogramData().getPoints()).singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(3));
  }

  private static MetricData metric(String name) {
    return otel.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static HistogramPointData point(MetricData metric, String tokenType) {
    return metric.getHistogramData().getPoints().stream()
        .filter(p -> tokenType.equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))))
        .findFirst().orElseThrow();
  }
}
