package dev.rustagent.core;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentPlugin.ContextContribution;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.AgentSession.WorkingMemory;

/** One run of the ReAct loop. Confined to the thread that calls {@link #execute()}. */
final class AgentRun {
  private static final Logger log = LoggerFactory.getLogger(AgentRun.class);
  private static final int MAX_FULLY_DENIED_TURNS = 3;
  private static final int FOCUSED_FILES = 3;
  private static final int FOCUSED_FILE_CHARS = 4_000;
  private static final String SUMMARY_PROMPT = """
      You summarise the earlier part of a coding agent's conversation so the work can go on in a \
      smaller context. Keep every fact still needed: the user's requirements, files read or changed, \
      commands run and their outcomes, compiler errors (with codes) still open, decisions and refusals. \
      Be concise; use short bullet points.""";

  /** The run's id; a host call inside a {@link HostRun} takes the host run's id (see {@link #hostCalls}). */
  String runId = UUID.randomUUID().toString();
  final CancellationToken cancellation;
  final EventBus events;
  final RunBudget budget;

  private final Agent agent;
  private final String task;
  private final AgentSession session;
  private final ModelCalls modelCalls;
  private final boolean streamTokens;
  private final ToolCalls toolCalls;
  private final List<ToolSpecification> toolSpecs;
  final BufferGuard bufferGuard;
  private final List<AgentStep> steps = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> latencies = new ArrayList<>();
  private final java.util.Set<RecalledItem> recalled = new java.util.LinkedHashSet<>();
  private final List<String> denials = new ArrayList<>();
  private final List<ChatMessage> messages = new ArrayList<>();
  private CacheAwareTokenUsage usage = CacheAwareTokenUsage.zero();
  private int iterations;
  private String lastText = "";

  AgentRun(Agent agent, String task, AgentSession session, StreamingHandler handler, CancellationToken cancellation) {
    this.agent = agent;
    this.task = task;
    this.session = session;
    this.budget = RunBudget.start(agent.runTimeout, cancellation);
    this.cancellation = budget.cancellation();
    this.events = new EventBus(agent.listeners, handler);
    this.streamTokens = handler != StreamingHandler.NONE;
    this.modelCalls = new ModelCalls(agent, this);
    this.toolCalls = new ToolCalls(agent, this);
    this.toolSpecs = agent.toolSpecifications;
    this.bufferGuard = session == null ? null : session.bufferGuard();
  }

  /** The run whose thread (or tool call) is executing, for {@link Agent#currentRunId()}. */
  static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  AgentResult execute() {
    long started = System.nanoTime();
    String parentRunId = agent.parentRunId != null ? agent.parentRunId : CURRENT.get();
    String outer = CURRENT.get();
    CURRENT.set(runId);
    try {
      return execute(started, parentRunId);
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  private AgentResult execute(long started, String parentRunId) {
    events.publish(new AgentEvent.RunStarted(runId, agent.clock.instant(), task,
        session == null ? null : session.id(), parentRunId));
    AgentResult result;
    try {
      result = loop(started);
    } catch (CancellationException e) {
      result = budget.timedOut()
          ? result(AgentStatus.TIMED_OUT, lastText, budget.timeoutFailure(), started)
          : result(AgentStatus.CANCELLED, lastText, null, started);
    } catch (ModelException e) {
      log.warn("run {} failed: {}", runId, e.getMessage());
      result = result(AgentStatus.FAILED, lastText, e, started);
    } catch (RuntimeException e) {
      log.error("run {} failed unexpectedly", runId, e);
      result = result(AgentStatus.FAILED, lastText, e, started);
    } finally {
      budget.close();
    }
    events.publish(new AgentEvent.RunFinished(runId, agent.clock.instant(), result));
    return result;
  }

  private AgentResult loop(long started) {
    messages.add(SystemMessage.from(systemText()));
    if (session != null) {
      messages.addAll(session.history());
    }
    messages.add(UserMessage.from(task));
    int fullyDeniedTurns = 0;
    boolean compactedAfterError = false;
    while (iterations < agent.maxIterations) {
      cancellation.throwIfCancelled();
      iterations++;
      if (ContextWindow.estimateTokens(agent.tokenCountEstimator, messages, toolSpecs) > agent.contextBudgetTokens) {
        compact(iterations);
      }
      ChatResponse response;
      try {
        response = modelCalls.call(request(), iterations, streamTokens);
      } catch (ModelException e) {
        if (e.kind() != ModelException.Kind.CONTEXT_TOO_LARGE || compactedAfterError) {
          throw e;
        }
        if (!compact(iterations)) {
          throw new ModelException(e.kind(), e.getMessage() + "; nothing older is left to summarise: shorten the "
              + "task, the system prompt or the context providers' text", e.statusCode().isPresent()
              ? e.statusCode().getAsInt() : null, null, e);
        }
        compactedAfterError = true;
        response = modelCalls.call(request(), iterations, streamTokens);
      }
      ModelAnswer answer = ModelAnswer.of(response);
      AiMessage ai = answer.message();
      String text = ai.text() == null ? "" : ai.text();
      if (!text.isBlank()) {
        lastText = text;
      }
      if (answer.stop() == ModelAnswer.Stop.MAX_TOKENS) {
        keepAnswer(answer, "not run: your answer was cut off at the output-token limit (max_tokens) before "
            + "this call was complete. Ask for less at once (smaller edits, fewer calls in one answer).");
        log.warn("run {}: the model's answer was cut off at max_tokens{}", runId,
            ai.hasToolExecutionRequests() ? " in the middle of a tool call; the call was not run" : "");
        return result(AgentStatus.TRUNCATED, lastText, null, started);
      }
      if (answer.stop() == ModelAnswer.Stop.REFUSAL) {
        keepAnswer(answer, "not run: the model refused to answer.");
        return result(AgentStatus.REFUSED, lastText, null, started);
      }
      if (answer.stop() == ModelAnswer.Stop.OTHER) {
        keepAnswer(answer, "not run: the model paused its turn before finishing.");
        log.warn("run {}: the model stopped its turn for a reason the agent cannot continue from", runId);
        return result(AgentStatus.INCOMPLETE, lastText, null, started);
      }
      if (!ai.hasToolExecutionRequests()) {
        if (text.isBlank()) {
          throw new ModelException(ModelException.Kind.OTHER, "the model returned an empty answer (no text and "
              + "no tool call) on turn " + iterations);
        }
        messages.add(ai);
        AgentStatus status = denials.isEmpty() ? AgentStatus.COMPLETED : AgentStatus.PERMISSION_DENIED;
        return result(status, text, null, started);
      }
      messages.add(answer.storable());
      if (!text.isBlank()) {
        addStep(new AgentStep.Thought(text));
      }
      int deniedBefore = denials.size();
      List<ToolExecutionResultMessage> results = toolCalls.handle(ai.toolExecutionRequests());
      messages.addAll(results);
      if (toolCalls.budgetExhausted()) {
        return result(AgentStatus.MAX_ITERATIONS, lastText, null, started);
      }
      boolean allDenied = denials.size() - deniedBefore == results.size();
      fullyDeniedTurns = allDenied ? fullyDeniedTurns + 1 : 0;
      if (fullyDeniedTurns >= MAX_FULLY_DENIED_TURNS) {
        log.info("run {}: {} turns in a row asked only for refused calls; stopping", runId, fullyDeniedTurns);
        return result(AgentStatus.PERMISSION_DENIED, lastText, null, started);
      }
    }
    return result(AgentStatus.MAX_ITERATIONS, lastText, null, started);
  }

  /**
   * Keeps an answer the loop will not act on in the conversation, in a form that can be sent again:
   * every tool call it holds is answered with {@code reason} and not run, so a session stays usable.
   */
  private void keepAnswer(ModelAnswer answer, String reason) {
    AiMessage storable = answer.storable();
    boolean empty = (storable.text() == null || storable.text().isBlank()) && !storable.hasToolExecutionRequests();
    if (empty) {
      return;
    }
    messages.add(storable);
    if (storable.hasToolExecutionRequests()) {
      for (dev.langchain4j.agent.tool.ToolExecutionRequest call : storable.toolExecutionRequests()) {
        messages.add(ToolExecutionResultMessage.from(call, "Error: " + reason));
      }
    }
  }

  private ChatRequest request() {
    ChatRequest.Builder builder = ChatRequest.builder().messages(List.copyOf(messages));
    if (!toolSpecs.isEmpty()) {
      builder.toolSpecifications(toolSpecs);
    }
    return builder.build();
  }

  private String systemText() {
    StringBuilder system = new StringBuilder(agent.systemPrompt);
    if (!agent.contextProviders.isEmpty()) {
      int budget = Math.max(100, agent.contextBudgetTokens / 4 / agent.contextProviders.size());
      for (ContextProvider provider : agent.contextProviders) {
        ContextContribution contribution;
        try {
          contribution = provider.contribute(task, budget);
        } catch (RuntimeException e) {
          log.warn("context provider {} failed; going on without it", provider.getClass().getName(), e);
          continue;
        }
        if (contribution != null && !contribution.isEmpty()) {
          system.append("\n\n").append(contribution.text().strip());
          synchronized (this) {
            recalled.addAll(contribution.items());
          }
        }
      }
    }
    if (session != null) {
      ContextContribution editor = session.editorProvider().contribute(task, Math.max(250, agent.contextBudgetTokens / 8));
      if (!editor.isEmpty()) {
        system.append("\n\n").append(editor.text().strip());
        synchronized (this) {
          recalled.addAll(editor.items());
        }
      }
      WorkingMemory memory = session.workingMemory();
      if (!agent.includeErrorLogs) {
        memory = memory.withoutErrors();
      }
      if (!memory.isEmpty()) {
        system.append("\n\n## Working memory of this session\n").append(memory.render());
      }
      if (agent.includeFileContent) {
        appendFocusedFiles(system, memory.filesInFocus());
      }
    }
    return system.toString();
  }

  /** The current text of the latest files in focus that are inside the workspace, within a budget. */
  private void appendFocusedFiles(StringBuilder system, List<String> files) {
    int room = HeuristicTokenCountEstimator.charsFor(agent.contextBudgetTokens / 8);
    List<String> latest = files.subList(Math.max(0, files.size() - FOCUSED_FILES), files.size());
    StringBuilder section = new StringBuilder();
    for (int i = latest.size() - 1; i >= 0 && room > 0; i--) {
      String path = latest.get(i);
      String buffer = bufferGuard == null ? null : bufferGuard.bufferFor(path);
      String text = buffer != null ? buffer : readInsideWorkspace(path);
      if (text == null) {
        continue;
      }
      if (text.length() > FOCUSED_FILE_CHARS) {
        text = text.substring(0, FOCUSED_FILE_CHARS) + "\n... [cut]";
      }
      String block = "### " + path + "\n```\n" + text + "\n```\n";
      if (block.length() > room) {
        break;
      }
      section.append(block);
      room -= block.length();
    }
    if (section.length() > 0) {
      system.append("\n\n## Current content of the files in focus\n").append(section);
    }
  }

  private String readInsideWorkspace(String path) {
    try {
      java.nio.file.Path file = WorkspacePaths.resolve(agent.workspace, path);
      if (!java.nio.file.Files.isRegularFile(file) || java.nio.file.Files.size(file) > 1_000_000) {
        return null;
      }
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
    } catch (java.io.IOException | IllegalArgumentException e) {
      log.debug("file in focus {} not shown: {}", path, e.toString());
      return null;
    }
  }

  /**
   * Summarises the older part of the conversation with the model. Returns false when nothing can be
   * summarised (the conversation is only the system prompt, the task and the latest turn).
   */
  private boolean compact(int iteration) {
    int firstBody = 0;
    while (firstBody < messages.size() && messages.get(firstBody) instanceof SystemMessage) {
      firstBody++;
    }
    // The whole request down to the low-water mark of the budget (or of the request itself, when the
    // model refused one the estimate put under the budget); what cannot be summarised counts against it.
    int size = ContextWindow.estimateTokens(agent.tokenCountEstimator, messages, toolSpecs);
    int fixed = ContextWindow.estimateTokens(agent.tokenCountEstimator, messages.subList(0, firstBody), toolSpecs);
    int lowWater = (int) ((long) Math.min(agent.contextBudgetTokens, size) * ContextWindow.KEEP_PERCENT / 100);
    int keptStart = ContextWindow.keptStart(agent.tokenCountEstimator, messages, firstBody, Math.max(0, lowWater - fixed));
    if (keptStart < 0) {
      return false;
    }
    List<ChatMessage> older = List.copyOf(messages.subList(firstBody, keptStart));
    ChatRequest summaryRequest = ChatRequest.builder()
        .messages(SystemMessage.from(SUMMARY_PROMPT), UserMessage.from(ContextWindow.transcript(older)))
        .build();
    String summary = ModelCalls.text(modelCalls.call(summaryRequest, iteration, false)).orElse("(no summary)");
    int before = messages.size();
    boolean taskInOlder = older.stream().anyMatch(m -> m instanceof UserMessage u
        && u.hasSingleText() && u.singleText().equals(task));
    List<ChatMessage> kept = new ArrayList<>(messages.subList(keptStart, messages.size()));
    List<ChatMessage> head = new ArrayList<>(messages.subList(0, firstBody));
    messages.clear();
    messages.addAll(head);
    String summaryText = "Summary of the earlier conversation:\n" + summary;
    if (taskInOlder) {
      messages.add(UserMessage.from(summaryText + "\n\nThe task being worked on:\n" + task));
    } else {
      messages.add(UserMessage.from(summaryText));
    }
    if (!kept.isEmpty() && kept.get(0) instanceof UserMessage) {
      messages.add(AiMessage.from("Noted; continuing from that summary."));
    }
    messages.addAll(kept);
    events.publish(new AgentEvent.ContextCompacted(runId, agent.clock.instant(), before, messages.size()));
    log.info("run {}: summarised {} older messages to fit the context budget", runId, older.size());
    return true;
  }

  /** Runs calls a host asked for (not the model) through the gate; returns the steps they made. */
  List<AgentStep> hostCalls(List<dev.langchain4j.agent.tool.ToolExecutionRequest> calls) {
    HostRun host = HostRun.ACTIVE.get();
    boolean hosted = host != null && host.agent == agent;
    if (hosted) {
      runId = host.runId();
    }
    toolCalls.handle(calls);
    List<AgentStep> made;
    synchronized (steps) {
      made = List.copyOf(steps);
    }
    if (hosted) {
      host.record(made);
    }
    return made;
  }

  void addStep(AgentStep step) {
    steps.add(step);
  }

  synchronized void recordDenial(String call) {
    denials.add(call);
  }

  synchronized void recordModelCall(ChatResponse response, Duration latency) {
    latencies.add(latency);
    usage = usage.add(response.tokenUsage());
  }

  synchronized void recordModelLatency(Duration latency) {
    latencies.add(latency);
  }

  /** The conversation without the system prompt, for a session to keep. */
  List<ChatMessage> conversation() {
    return messages.stream().filter(m -> !(m instanceof SystemMessage)).toList();
  }

  synchronized List<String> denials() {
    return List.copyOf(denials);
  }

  private synchronized AgentResult result(AgentStatus status, String answer, Throwable failure, long started) {
    List<AgentStep> snapshot;
    synchronized (steps) {
      snapshot = List.copyOf(steps);
    }
    return new AgentResult(runId, task, answer == null ? "" : answer, status, failure, snapshot, usage,
        latencies, Duration.ofNanos(System.nanoTime() - started), iterations, List.copyOf(recalled));
  }
}
