package dev.rustagent.otel;

import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listener behind {@link AgentTelemetry}: turns one agent's events into GenAI spans and metrics.
 * Thread-safe: runs overlap and parallel tool calls report from their own threads.
 */
final class TelemetryListener implements AgentListener {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
  static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("rust_agent.run.id");
  static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("rust_agent.run.status");
  static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("rust_agent.retry.attempt");
  static final AttributeKey<String> PERMISSION = AttributeKey.stringKey("rust_agent.permission");
  static final AttributeKey<Boolean> PERMISSION_ALLOWED = AttributeKey.booleanKey("rust_agent.permission.allowed");
  static final AttributeKey<String> PERMISSION_REASON = AttributeKey.stringKey("rust_agent.permission.reason");
  static final AttributeKey<List<String>> TOOL_ACTIONS = AttributeKey.stringArrayKey("rust_agent.tool.actions");
  static final AttributeKey<String> TOOL_OUTCOME = AttributeKey.stringKey("rust_agent.tool.outcome");

  private static final int FINISHED_RUNS_REMEMBERED = 1024;

  private final Tracer tracer;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram duration;
  private final String agentName;
  private final boolean captureContent;
  private final Map<String, RunState> runs = new ConcurrentHashMap<>();
  /** Span contexts of recently finished runs, so a helper outliving its parent run still nests under it. */
  private final Map<String, SpanContext> finished = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
          return size() > FINISHED_RUNS_REMEMBERED;
        }
      });

  /** One run in progress: its span and its open model call and tool calls. */
  private static final class RunState {
    final Span span;
    final Context context;
    final Map<String, Span> tools = new ConcurrentHashMap<>();
    ChatCall chat;

    RunState(Span span, Context context) {
      this.span = span;
      this.context = context;
    }
  }

  private record ChatCall(Span span, long startNanos, Attributes metricAttributes) {}

  TelemetryListener(OpenTelemetry openTelemetry, String agentName, boolean captureContent) {
    this.tracer = openTelemetry.getTracer(AgentTelemetry.SCOPE);
    Meter meter = openTelemetry.getMeter(AgentTelemetry.SCOPE);
    this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used")
        .setExplicitBucketBoundariesAdvice(List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L))
        .build();
    this.duration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
        .setDescription("GenAI operation duration")
        .setExplicitBucketBoundariesAdvice(List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92))
        .build();
    this.agentName = agentName;
    this.captureContent = captureContent;
  }

  @Override
  public void onRunStarted(AgentEvent.RunStarted event) {
    Context parent = Context.current();
    if (event.parentRunId() != null) {
      RunState parentRun = runs.get(event.parentRunId());
      SpanContext parentSpan = parentRun != null ? parentRun.span.getSpanContext() : finished.get(event.parentRunId());
      if (parentSpan != null) {
        parent = Context.root().with(Span.wrap(parentSpan));
      }
    }
    var builder = tracer.spanBuilder("invoke_agent " + agentName).setSpanKind(SpanKind.INTERNAL).setParent(parent)
        .setAttribute(OPERATION, "invoke_agent")
        .setAttribute(AGENT_NAME, agentName)
        .setAttribute(AGENT_ID, event.runId())
        .setAttribute(RUN_ID, event.runId());
    if (event.sessionId() != null) {
      builder.setAttribute(CONVERSATION, event.sessionId());
    }
    Span span = builder.startSpan();
    runs.put(event.runId(), new RunState(span, parent.with(span)));
  }

  @Override
  public void onModelRequested(AgentEvent.ModelRequested event) {
    RunState run = runs.get(event.runId());
    if (run == null) {
      return;
    }
    synchronized (run) {
      if (run.chat != null) {
        // the previous attempt failed without a retry event (the main model gave up; the fallback follows)
        endChat(run, "model_failed", "the model call failed");
      }
      String model = event.model();
      var builder = tracer.spanBuilder(model == null ? "chat" : "chat " + model).setSpanKind(SpanKind.CLIENT)
          .setParent(run.context)
          .setAttribute(OPERATION, "chat")
          .setAttribute(SYSTEM, event.provider())
          .setAttribute(PROVIDER, event.provider());
      AttributesBuilder metric = Attributes.builder().put(OPERATION, "chat").put(SYSTEM, event.provider())
          .put(PROVIDER, event.provider());
      if (model != null) {
        builder.setAttribute(REQUEST_MODEL, model);
        metric.put(REQUEST_MODEL, model);
      }
      var parameters = event.request().parameters();
      if (parameters != null && parameters.maxOutputTokens() != null) {
        builder.setAttribute(REQUEST_MAX_TOKENS, parameters.maxOutputTokens().longValue());
      }
      if (parameters != null && parameters.temperature() != null) {
        builder.setAttribute(REQUEST_TEMPERATURE, parameters.temperature());
      }
      if (captureContent) {
        builder.setAttribute(INPUT_MESSAGES, ChatMessageSerializer.messagesToJson(event.request().messages()));
      }
      run.chat = new ChatCall(builder.startSpan(), System.nanoTime(), metric.build());
    }
  }

  @Override
  public void onModelResponded(AgentEvent.ModelResponded event) {
    RunState run = runs.get(event.runId());
    if (run == null) {
      return;
    }
    ChatCall chat;
    synchronized (run) {
      chat = run.chat;
      run.chat = null;
    }
    if (chat == null) {
      return;
    }
    ChatResponse response = event.response();
    AttributesBuilder metric = chat.metricAttributes().toBuilder();
    String responseModel = response.metadata() == null ? null : response.metadata().modelName();
    if (responseModel != null) {
      chat.span().setAttribute(RESPONSE_MODEL, responseModel);
      metric.put(RESPONSE_MODEL, responseModel);
    }
    if (response.metadata() != null && response.metadata().id() != null) {
      chat.span().setAttribute(RESPONSE_ID, response.metadata().id());
    }
    if (response.finishReason() != null) {
      chat.span().setAttribute(FINISH_REASONS, List.of(finishReason(response.finishReason())));
    }
    TokenUsage usage = response.tokenUsage();
    Attributes metricAttributes = metric.build();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        chat.span().setAttribute(INPUT_TOKENS, usage.inputTokenCount().longValue());
        tokenUsage.record(usage.inputTokenCount(), metricAttributes.toBuilder().put(TOKEN_TYPE, "input").build());
      }
      if (usage.outputTokenCount() != null) {
        chat.span().setAttribute(OUTPUT_TOKENS, usage.outputTokenCount().longValue());
        tokenUsage.record(usage.outputTokenCount(), metricAttributes.toBuilder().put(TOKEN_TYPE, "output").build());
      }
    }
    if (captureContent && response.aiMessage() != null) {
      chat.span().setAttribute(OUTPUT_MESSAGES, ChatMessageSerializer.messagesToJson(List.of(response.aiMessage())));
    }
    duration.record(event.latency().toNanos() / 1e9, metricAttributes);
    chat.span().end();
  }

  @Override
  public void onModelRetried(AgentEvent.ModelRetried event) {
    RunState run = runs.get(event.runId());
    if (run == null) {
      return;
    }
    synchronized (run) {
      if (run.chat != null) {
        run.chat.span().setAttribute(RETRY_ATTEMPT, (long) event.attempt());
        endChat(run, event.error().kind().name().toLowerCase(Locale.ROOT), "retried: " + event.error().kind());
      }
    }
  }

  /** Ends the open chat span as failed, recording its duration with the error type. Holds the run's lock. */
  private void endChat(RunState run, String errorType, String description) {
    ChatCall chat = run.chat;
    run.chat = null;
    chat.span().setAttribute(ERROR_TYPE, errorType);
    chat.span().setStatus(StatusCode.ERROR, description);
    duration.record((System.nanoTime() - chat.startNanos()) / 1e9,
        chat.metricAttributes().toBuilder().put(ERROR_TYPE, errorType).build());
    chat.span().end();
  }

  @Override
  public void onToolRequested(AgentEvent.ToolRequested event) {
    RunState run = runs.get(event.runId());
    if (run == null || event.call().id() == null) {
      return;
    }
    var builder = tracer.spanBuilder("execute_tool " + event.call().name()).setSpanKind(SpanKind.INTERNAL)
        .setParent(run.context)
        .setAttribute(OPERATION, "execute_tool")
        .setAttribute(TOOL_NAME, event.call().name())
        .setAttribute(TOOL_CALL_ID, event.call().id())
        .setAttribute(TOOL_TYPE, "function");
    if (captureContent && event.call().arguments() != null) {
      builder.setAttribute(TOOL_ARGUMENTS, event.call().arguments());
    }
    run.tools.put(event.call().id(), builder.startSpan());
  }

  @Override
  public void onPermissionDecided(AgentEvent.PermissionDecided event) {
    RunState run = runs.get(event.runId());
    Span span = run == null ? null : run.tools.get(event.decision().callId());
    if (span == null) {
      return;
    }
    AgentStep.PermissionDecision d = event.decision();
    span.setAttribute(PERMISSION, d.permission().name().toLowerCase(Locale.ROOT));
    span.setAttribute(PERMISSION_ALLOWED, d.allowed());
    span.setAttribute(TOOL_ACTIONS, d.actions().stream().map(Action::name).sorted().toList());
    if (captureContent) {
      span.setAttribute(PERMISSION_REASON, d.reason());
    }
  }

  @Override
  public void onToolFinished(AgentEvent.ToolFinished event) {
    RunState run = runs.get(event.runId());
    Span span = run == null ? null : run.tools.remove(event.outcome().callId());
    if (span == null) {
      return;
    }
    ToolResult result = event.outcome().result();
    if (result instanceof ToolResult.Failure) {
      span.setAttribute(TOOL_OUTCOME, "failure");
      span.setAttribute(ERROR_TYPE, "tool_error");
      span.setStatus(StatusCode.ERROR, "the tool call failed");
    } else {
      span.setAttribute(TOOL_OUTCOME, "success");
    }
    if (captureContent) {
      span.setAttribute(TOOL_RESULT, result.text());
    }
    span.end();
  }

  @Override
  public void onRunFinished(AgentEvent.RunFinished event) {
    RunState run = runs.remove(event.runId());
    if (run == null) {
      return;
    }
    AgentResult result = event.result();
    synchronized (run) {
      if (run.chat != null) {
        endChat(run, "model_failed", "the model call failed");
      }
    }
    run.tools.values().forEach(span -> {
      span.setStatus(StatusCode.ERROR, "the run ended before the call finished");
      span.end();
    });
    run.span.setAttribute(RUN_STATUS, result.status().name().toLowerCase(Locale.ROOT));
    TokenUsage usage = result.tokenUsage();
    if (usage != null && usage.inputTokenCount() != null) {
      run.span.setAttribute(INPUT_TOKENS, usage.inputTokenCount().longValue());
    }
    if (usage != null && usage.outputTokenCount() != null) {
      run.span.setAttribute(OUTPUT_TOKENS, usage.outputTokenCount().longValue());
    }
    if (result.status() == AgentStatus.FAILED) {
      String type = result.failureCause().map(e -> e instanceof dev.rustagent.core.ModelException m
          ? m.kind().name().toLowerCase(Locale.ROOT) : e.getClass().getName()).orElse("failed");
      run.span.setAttribute(ERROR_TYPE, type);
      run.span.setStatus(StatusCode.ERROR, "the run failed");
    } else if (result.status() != AgentStatus.COMPLETED) {
      run.span.setAttribute(ERROR_TYPE, result.status().name().toLowerCase(Locale.ROOT));
    }
    finished.put(event.runId(), run.span.getSpanContext());
    run.span.end();
  }

  private static String finishReason(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_EXECUTION -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }
}
