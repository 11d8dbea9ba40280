package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.StepAction;

/**
 * An {@link AgentListener} that records every run of an agent as a {@link Trajectory}: one step per
 * tool call and one for the final answer, the full conversation the model saw (system prompt with
 * added context, user task, assistant turns with tool calls, tool results) and the tool
 * specifications. When a run finishes the trajectory goes to the {@linkplain Builder#sink sink}
 * (typically {@link TrajectoryStore#save}) and stays available through {@link #completed(String)}.
 *
 * <p>Thread-safe: one tracker may observe many concurrent runs. A failing sink is logged; the run is
 * not affected.
 *
 * <pre>{@code
 * TrajectoryTracker tracker = TrajectoryTracker.builder().agentName("fixer").sink(store::save).build();
 * Agent agent = Agent.builder().chatModel(model).listener(tracker).build();
 * }</pre>
 */
public final class TrajectoryTracker implements AgentListener {
  private static final Logger log = LoggerFactory.getLogger(TrajectoryTracker.class);
  private static final int KEEP_COMPLETED = 100;

  private final String agentName;
  private final String modelName;
  private final String kind;
  private final double costPerMillionTokens;
  private final Predicate<AgentResult> successCriterion;
  private final List<Consumer<Trajectory>> sinks;
  private final Map<String, RunState> running = new ConcurrentHashMap<>();
  private final Map<String, Trajectory> completed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Trajectory> eldest) {
      return size() > KEEP_COMPLETED;
    }
  };

  private TrajectoryTracker(Builder b) {
    this.agentName = b.agentName;
    this.modelName = b.modelName;
    this.kind = b.kind;
    this.costPerMillionTokens = b.costPerMillionTokens;
    this.successCriterion = b.successCriterion;
    this.sinks = List.copyOf(b.sinks);
  }

  /** Starts building a tracker. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trajectory of a finished run, if it is among the last 100 finished. */
  public Optional<Trajectory> completed(String runId) {
    synchronized (completed) {
      return Optional.ofNullable(completed.get(runId));
    }
  }

  /** How many runs are being recorded right now. */
  public int runningCount() {
    return running.size();
  }

  @Override
  public void onRunStarted(AgentEvent.RunStarted event) {
    running.put(event.runId(), new RunState(event.task(), event.sessionId(), event.at(), event.parentRunId(),
        event.kind()));
  }

  /**
   * A call the host made itself (a workflow's {@code cargo check}), with no model turn behind it,
   * becomes a step of its own.
   */
  @Override
  public void onToolRequested(AgentEvent.ToolRequested event) {
    RunState state = running.get(event.runId());
    ToolExecutionRequest call = event.call();
    if (state == null || call.id() == null) {
      return;
    }
    synchronized (state) {
      if (!state.stepByCall.containsKey(call.id())) {
        int index = state.steps.size();
        state.steps.add(new TrajectoryStep(index, state.observation, "",
            new StepAction.UseTool(call.name(), call.arguments() == null ? "{}" : call.arguments()), null, false,
            null, null, Map.of("call_id", call.id(), "by", "host"), event.at(), Duration.ZERO));
        state.stepByCall.put(call.id(), index);
      }
    }
  }

  @Override
  public void onModelRequested(AgentEvent.ModelRequested event) {
    RunState state = running.get(event.runId());
    if (state != null) {
      synchronized (state) {
        state.previousRequest = state.lastRequest;
        state.lastRequest = event.request();
        state.lastAi = null;
        state.answerStepOfLastResponse = -1;
      }
    }
  }

  @Override
  public void onModelResponded(AgentEvent.ModelResponded event) {
    RunState state = running.get(event.runId());
    if (state == null || event.response() == null || event.response().aiMessage() == null) {
      return;
    }
    AiMessage ai = event.response().aiMessage();
    String text = ai.text() == null ? "" : ai.text();
    synchronized (state) {
      state.lastAi = ai;
      if (ai.hasToolExecutionRequests()) {
        boolean first = true;
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          int index = state.steps.size();
          state.steps.add(new TrajectoryStep(index, state.observation, first ? text : "",
              new StepAction.UseTool(call.name(), call.arguments() == null ? "{}" : call.arguments()), null, false,
              null, null, Map.of("call_id", String.valueOf(call.id())), event.at(), Duration.ZERO));
          if (call.id() != null) {
            state.stepByCall.put(call.id(), index);
          }
          first = false;
        }
      } else {
        StepAction action = isQuestion(text) ? new StepAction.Ask(text) : new StepAction.Answer(text);
        state.answerStepOfLastResponse = state.steps.size();
        state.steps.add(new TrajectoryStep(state.steps.size(), state.observation, "", action, null, false, null,
            null, Map.of(), event.at(), event.latency()));
      }
    }
  }

  /**
   * The model call just before a compaction summarised the conversation: it was not a turn of the
   * run, so its answer is not a step and its request is not the conversation.
   */
  @Override
  public void onContextCompacted(AgentEvent.ContextCompacted event) {
    RunState state = running.get(event.runId());
    if (state == null) {
      return;
    }
    synchronized (state) {
      if (state.answerStepOfLastResponse >= 0 && state.answerStepOfLastResponse == state.steps.size() - 1) {
        state.steps.remove(state.answerStepOfLastResponse);
      }
      state.answerStepOfLastResponse = -1;
      state.lastRequest = state.previousRequest;
      state.lastAi = null;
    }
  }

  @Override
  public void onToolFinished(AgentEvent.ToolFinished event) {
    RunState state = running.get(event.runId());
    if (state == null) {
      return;
    }
    var outcome = event.outcome();
    String text = outcome.result().text();
    boolean failed = outcome.result() instanceof ToolResult.Failure;
    synchronized (state) {
      Integer index = state.stepByCall.get(outcome.callId());
      if (index != null) {
        state.steps.set(index, state.steps.get(index).withToolResult(text, failed, outcome.duration()));
      }
      state.observation = text;
      if (outcome.result().payload() instanceof ProblemReport report) {
        for (CompilerDiagnostic d : report.diagnostics()) {
          if (d.code() != null && !d.code().isBlank() && d.level() == CompilerDiagnostic.Level.ERROR) {
            state.diagnosticCodes.add(d.code());
          }
        }
      }
    }
  }

  @Override
  public void onRunFinished(AgentEvent.RunFinished event) {
    RunState state = running.remove(event.runId());
    if (state == null) {
      return;
    }
    Trajectory trajectory;
    synchronized (state) {
      trajectory = build(event.runId(), state, event.result(), event.at());
    }
    synchronized (completed) {
      completed.put(trajectory.id(), trajectory);
    }
    for (Consumer<Trajectory> sink : sinks) {
      try {
        sink.accept(trajectory);
      } catch (RuntimeException e) {
        log.error("could not hand over trajectory {} of '{}'", trajectory.id(), agentName, e);
      }
    }
  }

  private Trajectory build(String runId, RunState state, AgentResult result, Instant finishedAt) {
    List<TrajectoryStep> steps = List.copyOf(state.steps);
    List<TrajectoryMessage> messages = new ArrayList<>();
    List<Map<String, Object>> tools = List.of();
    if (state.lastRequest != null) {
      state.lastRequest.messages().forEach(m -> toMessage(m).ifPresent(messages::add));
      tools = state.lastRequest.toolSpecifications() == null ? List.of()
          : state.lastRequest.toolSpecifications().stream().map(TrajectoryTracker::toolMap).toList();
    }
    if (state.lastAi != null) {
      toMessage(state.lastAi).ifPresent(messages::add);
    }
    LinkedHashSet<String> toolsUsed = new LinkedHashSet<>();
    int failedCalls = 0;
    int productive = 0;
    for (TrajectoryStep step : steps) {
      if (step.action() instanceof StepAction.UseTool use) {
        toolsUsed.add(use.tool());
        if (step.toolFailed() || step.toolResult() == null) {
          failedCalls++;
        } else {
          productive++;
        }
      } else if (step.action() instanceof StepAction.Answer) {
        productive++;
      }
    }
    boolean runFailed = result.status() == AgentStatus.FAILED;
    CacheAwareTokenUsage usage = result.usage();
    long tokens = usage.totalTokenCount() == null ? 0 : usage.totalTokenCount();
    double efficiency = steps.isEmpty() ? 0 : (double) productive / steps.size();
    TrajectoryMetadata metadata = new TrajectoryMetadata(modelName, tokens, tokens * costPerMillionTokens / 1e6,
        List.copyOf(toolsUsed), failedCalls + (runFailed ? 1 : 0), efficiency, result.status().name(),
        kindOf(state), List.copyOf(state.diagnosticCodes),
        state.parentRunId, new TrajectoryMetadata.Tokens(usage.inputTokenCount(), usage.cacheWriteTokens(),
            usage.cacheReadTokens(), usage.outputTokenCount()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("latency_ms", (double) result.totalLatency().toMillis());
    metrics.put("iterations", (double) result.iterations());
    metrics.put("tool_calls", (double) toolsUsedCount(steps));
    metrics.put("input_tokens", (double) usage.inputTokenCount());
    metrics.put("output_tokens", (double) usage.outputTokenCount());
    metrics.put("cache_write_tokens", (double) usage.cacheWriteTokens());
    metrics.put("cache_read_tokens", (double) usage.cacheReadTokens());
    List<String> logs = new ArrayList<>();
    result.failureCause().ifPresent(f -> logs.add("run failed: " + f.getMessage()));
    boolean success;
    try {
      success = successCriterion.test(result);
    } catch (RuntimeException e) {
      log.warn("success criterion failed for run {}; counting it as not successful", runId, e);
      logs.add("success criterion failed: " + e.getMessage());
      success = false;
    }
    return new Trajectory(runId, state.sessionId, agentName, state.task, success, result.answer(), steps, messages,
        tools, metadata, metrics, null, logs, state.startedAt, finishedAt);
  }

  /**
   * The kind its starter gave the run (a workflow's), else the tracker's fixed kind, else the task's:
   * {@code helper} for a plain task run on behalf of another run.
   */
  private String kindOf(RunState state) {
    if (state.kind != null) {
      return state.kind;
    }
    if (kind != null) {
      return kind;
    }
    String fromTask = kindOf(state.task);
    return fromTask.equals("task") && state.parentRunId != null ? "helper" : fromTask;
  }

  /** {@code command:/NAME} for a slash command, else {@code task}. */
  static String kindOf(String task) {
    String t = task.strip();
    if (t.startsWith("/") && t.length() > 1) {
      int end = 1;
      while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '-' || t.charAt(end) == '_')) {
        end++;
      }
      if (end > 1) {
        return "command:" + t.substring(0, end).toLowerCase(java.util.Locale.ROOT);
      }
    }
    return "task";
  }

  private static long toolsUsedCount(List<TrajectoryStep> steps) {
    return steps.stream().filter(TrajectoryStep::isToolCall).count();
  }

  private static boolean isQuestion(String text) {
    return text.strip().endsWith("?");
  }

  /** Converts a LangChain4j message to the training-data shape; other message kinds are left out. */
  static Optional<TrajectoryMessage> toMessage(ChatMessage message) {
    if (message instanceof SystemMessage s) {
      return Optional.of(TrajectoryMessage.system(s.text()));
    }
    if (message instanceof UserMessage u) {
      String text = u.hasSingleText() ? u.singleText() : u.contents().stream()
          .filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
          .collect(Collectors.joining("\n"));
      return Optional.of(TrajectoryMessage.user(text));
    }
    if (message instanceof AiMessage ai) {
      List<TrajectoryMessage.ToolCall> calls = ai.hasToolExecutionRequests()
          ? ai.toolExecutionRequests().stream()
              .map(c -> new TrajectoryMessage.ToolCall(String.valueOf(c.id()), c.name(), c.arguments())).toList()
          : List.of();
      return Optional.of(TrajectoryMessage.assistant(ai.text(), calls));
    }
    if (message instanceof ToolExecutionResultMessage t) {
      return Optional.of(TrajectoryMessage.tool(t.id(), t.toolName(), t.text()));
    }
    return Optional.empty();
  }

  /** A tool specification in OpenAI function format. */
  static Map<String, Object> toolMap(ToolSpecification spec) {
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", spec.name());
    if (spec.description() != null) {
      function.put("description", spec.description());
    }
    function.put("parameters", spec.parameters() == null ? Map.of("type", "object", "properties", Map.of())
        : JsonSchemaElementJsonUtils.toMap(spec.parameters()));
    return Map.of("type", "function", "function", function);
  }

  private static final class RunState {
    final String task;
    final String sessionId;
    final Instant startedAt;
    final String parentRunId;
    final String kind;
    final List<TrajectoryStep> steps = new ArrayList<>();
    final Map<String, Integer> stepByCall = new HashMap<>();
    final Set<String> diagnosticCodes = new LinkedHashSet<>();
    String observation;
    ChatRequest previousRequest;
    ChatRequest lastRequest;
    AiMessage lastAi;
    int answerStepOfLastResponse = -1;

    RunState(String task, String sessionId, Instant startedAt, String parentRunId, String kind) {
      this.task = task;
      this.parentRunId = parentRunId;
      this.kind = kind;
      this.sessionId = sessionId;
      this.startedAt = startedAt;
      this.observation = task;
    }
  }

  /** Builds a {@link TrajectoryTracker}. */
  public static final class Builder {
    private String agentName = "rust-agent";
    private String modelName = "";
    private String kind;
    private double costPerMillionTokens;
    private Predicate<AgentResult> successCriterion = AgentResult::isSuccess;
    private final List<Consumer<Trajectory>> sinks = new ArrayList<>();

    private Builder() {}

    /** The agent's name stored with each trajectory; default {@code rust-agent}. */
    public Builder agentName(String agentName) {
      requireNonNull(agentName, "agentName");
      if (agentName.isBlank()) {
        throw new IllegalArgumentException("agent name must not be blank");
      }
      this.agentName = agentName;
      return this;
    }

    /** The chat model's name stored in the metadata. */
    public Builder modelName(String modelName) {
      this.modelName = requireNonNull(modelName, "modelName");
      return this;
    }

    /**
     * The kind recorded for every run, such as {@code mission:NAME}, unless the run's starter gave
     * one (a workflow's {@code workflow:NAME}); by default each run's kind comes from its task
     * ({@code command:/NAME} for a slash command, {@code helper} for a run on behalf of another, else
     * {@code task}).
     */
    public Builder kind(String kind) {
      requireNonNull(kind, "kind");
      if (kind.isBlank()) {
        throw new IllegalArgumentException("kind must not be blank");
      }
      this.kind = kind;
      return this;
    }

    /** The price of a million tokens, for the metadata's cost; default 0. */
    public Builder costPerMillionTokens(double price) {
      if (!(price >= 0) || Double.isInfinite(price)) {
        throw new IllegalArgumentException("price must be a non-negative number: " + price);
      }
      this.costPerMillionTokens = price;
      return this;
    }

    /** Decides whether a run reached its goal; default: the run completed ({@link AgentResult#isSuccess()}). */
    public Builder successCriterion(Predicate<AgentResult> criterion) {
      this.successCriterion = requireNonNull(criterion, "criterion");
      return this;
    }

    /** Receives each finished trajectory (for example {@code store::save}); may be called more than once. */
    public Builder sink(Consumer<Trajectory> sink) {
      sinks.add(requireNonNull(sink, "sink"));
      return this;
    }

    /** Builds the tracker. */
    public TrajectoryTracker build() {
      return new TrajectoryTracker(this);
    }
  }
}
