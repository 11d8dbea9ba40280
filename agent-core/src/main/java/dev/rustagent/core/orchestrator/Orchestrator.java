package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.AgentStep;
import dev.rustagent.core.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.Permission;
import dev.rustagent.core.StreamingHandler;
import dev.rustagent.core.command.CommandHandler;
import dev.rustagent.core.command.CommandOutcome;
import dev.rustagent.core.command.CommandSpec;
import dev.rustagent.core.command.SlashCommand;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.command.StandardCommands;
import dev.rustagent.core.workflow.CodeGenerationWorkflow;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.rustagent.core.workflow.RefactoringWorkflow;
import dev.rustagent.core.workflow.Workflow;
import dev.rustagent.core.workflow.WorkflowListener;
import dev.rustagent.core.workflow.WorkflowResult;
import dev.rustagent.tools.Action;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a host IDE or chat talks to. The host sends {@link Trigger}s and messages (queries, actions to
 * confirm, things to learn, knowledge updates) through one bounded queue: when it is full, a send
 * waits briefly and then fails with {@link RejectedExecutionException}, so a flood of events cannot
 * pile up unbounded work. At most {@code maxConcurrentAgents} messages are handled at once.
 *
 * <p>Each trigger kind has a default handler that the host can replace with
 * {@link Builder#on(Class, TriggerHandler)}: saved files and periodic checks run {@code cargo check}
 * and raise a compile error or success; a compile error runs the debugging workflow with auto-fix
 * when {@link OrchestratorConfig#autoFixErrors()} is set; a user query is a turn of the
 * orchestrator's conversation; a slash command runs through {@link #commands()}; a knowledge gap is
 * explained and recorded; a new Rust version is noted. Saves are debounced and at most one
 * save-triggered run is in flight, with at most one more waiting: a storm of saves starts one or two
 * runs, not hundreds.
 *
 * <p>With a data directory, the IDE's {@code knowledge_base.json} and {@code progress.json} are
 * watched and reloaded on change, and the knowledge base is added to the agent's context.
 *
 * <p>Call {@link #start()} before sending; {@link #close()} stops everything and cancels helpers.
 * Thread-safe.
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long ENQUEUE_WAIT_MILLIS = 100;
  private static final int MAX_KNOWLEDGE_CHARS = 8_000;
  private static final int MAX_CACHED_EXPLANATIONS = 256;

  private final OrchestratorConfig config;
  private final Agent agent;
  private final AgentNetwork network;
  private final SlashCommands commands;
  private final Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> handlers;
  private final WorkflowListener workflowListener;
  private final LearningWorkflow.ConceptRecorder conceptRecorder;
  private final Path dataDirectory;
  private final boolean watchWorkspace;
  private final Duration periodicCheck;
  private final Supplier<String> rustVersionProbe;
  private final Clock clock;
  private final LatencyTracker latency = new LatencyTracker();
  private final BlockingQueue<Envelope<?>> queue;
  private final Semaphore slots;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Map<String, String> knowledgeUpdates = new LinkedHashMap<>();
  private final Object saveLock = new Object();
  private final Set<Path> pendingSaves = new LinkedHashSet<>();
  private ScheduledFuture<?> scheduledFlush;
  private boolean saveRunInFlight;
  private final Object sessionLock = new Object();
  private final Map<String, CachedExplanation> explanations = new LinkedHashMap<>();
  private AgentSession session;
  private volatile KnowledgeFiles knowledgeFiles;
  private volatile DirectoryWatcher workspaceWatcher;
  private volatile Thread dispatcher;
  private volatile boolean closed;
  private String lastRustVersion;
  private final Approver hostApprover;

  /** One message in the queue: the work and where its result goes. */
  private record Envelope<T>(String type, Callable<T> work, CompletableFuture<T> reply) {}

  private Orchestrator(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.hostApprover = b.approver;
    this.agent = b.agent.toBuilder().maxSessionMessages(config.maxConversationHistory())
        .contextProvider((task, budget) -> knowledgeContext(budget)).build();
    this.network = AgentNetwork.builder().parent(agent).config(config).clock(clock).messagingTools(true).build();
    this.workflowListener = b.workflowListener;
    this.conceptRecorder = b.conceptRecorder;
    this.dataDirectory = b.dataDirectory;
    this.watchWorkspace = b.watchWorkspace;
    this.periodicCheck = b.periodicCheck;
    this.rustVersionProbe = b.rustVersionProbe;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.slots = new Semaphore(config.maxConcurrentAgents());
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> daemon(r, "rust-agent-orchestrator-" + threads.incrementAndGet()));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rust-agent-orchestrator-timer"));
    Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> all = new HashMap<>(defaultHandlers());
    all.putAll(b.handlers);
    this.handlers = Map.copyOf(all);
    SlashCommands.Builder standard = standardCommands();
    b.commands.forEach(standard::command);
    this.commands = standard.build();
  }

  /** Starts building an orchestrator around an agent. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the dispatcher, the watchers and the periodic check.
   *
   * @throws IOException when the data directory or workspace cannot be watched
   * @throws IllegalStateException when started twice or after close
   */
  public synchronized Orchestrator start() throws IOException {
    if (dispatcher != null || closed) {
      throw new IllegalStateException(closed ? "the orchestrator is closed" : "the orchestrator is already started");
    }
    if (dataDirectory != null) {
      knowledgeFiles = new KnowledgeFiles(dataDirectory,
          (file, node) -> log.info("reloaded {} from {}", file, dataDirectory));
    }
    if (watchWorkspace) {
      workspaceWatcher = new DirectoryWatcher(agent.workspace(), true, path -> {
        String name = path.getFileName().toString();
        if (name.endsWith(".rs") || name.equals("Cargo.toml")) {
          fileSaved(path);
        }
      }, "rust-agent-workspace-watcher");
    }
    if (periodicCheck != null) {
      timer.scheduleWithFixedDelay(() -> {
        try {
          fire(new Trigger.PeriodicCheck(clock.instant()));
        } catch (RejectedExecutionException e) {
          log.info("periodic check skipped: {}", e.getMessage());
        }
      }, periodicCheck.toMillis(), periodicCheck.toMillis(), TimeUnit.MILLISECONDS);
    }
    Thread thread = daemon(this::dispatch, "rust-agent-orchestrator-dispatcher");
    dispatcher = thread;
    thread.start();
    return this;
  }

  /** The settings. */
  public OrchestratorConfig config() {
    return config;
  }

  /** The agent the orchestrator works with (the host's, with the knowledge context added). */
  public Agent agent() {
    return agent;
  }

  /** The slash commands: the standard ones bound to workflows, plus the host's. */
  public SlashCommands commands() {
    return commands;
  }

  /** The network of helper agents. */
  public AgentNetwork network() {
    return network;
  }

  /**
   * Latency per query type: {@code query}, {@code action}, {@code learn}, {@code knowledge}, the
   * command name for slash commands ({@code /debug}), and the trigger kind's name for other triggers.
   */
  public LatencyTracker latency() {
    return latency;
  }

  /** The knowledge base as last loaded from the data directory (JSON null without one). */
  public JsonNode knowledgeBase() {
    KnowledgeFiles files = knowledgeFiles;
    return files == null ? MAPPER.nullNode() : files.knowledgeBase();
  }

  /** The learning progress as last loaded from the data directory (JSON null without one). */
  public JsonNode progress() {
    KnowledgeFiles files = knowledgeFiles;
    return files == null ? MAPPER.nullNode() : files.progress();
  }

  /**
   * Why the latest reload of {@code knowledge_base.json} or {@code progress.json} failed (the last
   * good content is kept), or empty when the latest reload worked.
   */
  public Optional<String> knowledgeFileProblem() {
    KnowledgeFiles files = knowledgeFiles;
    return files == null ? Optional.empty() : Optional.ofNullable(files.lastError());
  }

  /** Sends a trigger to its handler. */
  public CompletableFuture<TriggerResult> fire(Trigger trigger) {
    requireNonNull(trigger, "trigger");
    return enqueue(queryType(trigger), () -> handle(trigger));
  }

  /** The latency key: the command name for slash commands ({@code /debug}), else the trigger kind. */
  private static String queryType(Trigger trigger) {
    if (trigger instanceof Trigger.SlashCommandEntered command) {
      String line = command.line().strip();
      int end = 1;
      while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
        end++;
      }
      return line.startsWith("/") && end > 1 ? line.substring(0, end) : "SlashCommandEntered";
    }
    return trigger.getClass().getSimpleName();
  }

  /** Runs a slash command line (a {@link Trigger.SlashCommandEntered}). */
  public CompletableFuture<TriggerResult> execute(String line) {
    return fire(new Trigger.SlashCommandEntered(line));
  }

  /**
   * Asks a question; the reply is the answer of the orchestrator's conversation. A turn longer than
   * {@link OrchestratorConfig#queryTimeout()} is stopped and the reply fails with a
   * {@link TimeoutException}.
   */
  public CompletableFuture<String> query(String text) {
    requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("query must not be blank");
    }
    return enqueue("query", () -> converse(text).answer());
  }

  /**
   * Asks for confirmation of an action through the agent's approver (when the action is among
   * {@link OrchestratorConfig#actionsNeedingPermission()}) and runs it when confirmed. Completes with
   * whether it ran.
   */
  public CompletableFuture<Boolean> action(String description, Action kind, Runnable action) {
    requireNonNull(description, "description");
    requireNonNull(kind, "kind");
    requireNonNull(action, "action");
    return enqueue("action", () -> {
      boolean confirmed = !config.actionsNeedingPermission().contains(kind) || confirm(description, kind);
      if (confirmed) {
        action.run();
      }
      return confirmed;
    });
  }

  /** Explains a concept at a level and records it as learned. */
  public CompletableFuture<WorkflowResult> learn(String concept, LearningWorkflow.Level level) {
    requireNonNull(concept, "concept");
    requireNonNull(level, "level");
    LearningWorkflow.of(agent, concept, level, conceptRecorder);
    return enqueue("learn", () -> explain(concept, level));
  }

  /** Adds or replaces a piece of knowledge that goes into the agent's context. */
  public CompletableFuture<Void> updateKnowledge(String key, String text) {
    requireNonNull(key, "key");
    requireNonNull(text, "text");
    return enqueue("knowledge", () -> {
      synchronized (knowledgeUpdates) {
        knowledgeUpdates.put(key, text);
      }
      return null;
    });
  }

  /**
   * Reports a saved file. Saves are gathered over the debounce window; one {@link Trigger.FilesSaved}
   * then goes out with every path, and while it is handled further saves wait for the next one.
   */
  public void fileSaved(Path path) {
    requireNonNull(path, "path");
    if (dispatcher == null || closed) {
      throw new IllegalStateException(closed ? "the orchestrator is closed" : "call start() before reporting saves");
    }
    synchronized (saveLock) {
      pendingSaves.add(path);
      if (scheduledFlush != null) {
        scheduledFlush.cancel(false);
      }
      scheduledFlush = timer.schedule(this::flushSaves, config.saveDebounce().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs {@code rustc --version} and fires {@link Trigger.RustVersionChanged} when it differs from
   * the version seen last (kept in the data directory when there is one).
   */
  public Optional<CompletableFuture<TriggerResult>> checkRustVersion() {
    String current = rustVersionProbe.get().strip();
    String previous;
    synchronized (this) {
      previous = lastRustVersion != null ? lastRustVersion : storedRustVersion().orElse(null);
      lastRustVersion = current;
    }
    storeRustVersion(current);
    if (previous == null || previous.equals(current)) {
      return Optional.empty();
    }
    return Optional.of(fire(new Trigger.RustVersionChanged(previous, current)));
  }

  /** Stops the dispatcher, watchers and helpers; queued messages fail. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    Thread thread = dispatcher;
    if (thread != null) {
      thread.interrupt();
    }
    if (workspaceWatcher != null) {
      workspaceWatcher.close();
    }
    if (knowledgeFiles != null) {
      knowledgeFiles.close();
    }
    network.close();
    timer.shutdownNow();
    workers.shutdownNow();
    Envelope<?> left;
    while ((left = queue.poll()) != null) {
      left.reply().completeExceptionally(new RejectedExecutionException("the orchestrator was closed"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private <T> CompletableFuture<T> enqueue(String type, Callable<T> work) {
    if (closed) {
      throw new RejectedExecutionException("the orchestrator is closed");
    }
    if (dispatcher == null) {
      throw new IllegalStateException("call start() before sending to the orchestrator");
    }
    Envelope<T> envelope = new Envelope<>(type, work, new CompletableFuture<>());
    try {
      if (!queue.offer(envelope, ENQUEUE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new RejectedExecutionException("the orchestrator's queue is full (" + config.queueCapacity()
            + " messages waiting); try again later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException("interrupted while waiting for room in the queue", e);
    }
    return envelope.reply();
  }

  private void dispatch() {
    while (!closed) {
      Envelope<?> envelope;
      try {
        slots.acquire();
        envelope = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        workers.execute(() -> {
          try {
            run(envelope);
          } finally {
            slots.release();
          }
        });
      } catch (RejectedExecutionException e) {
        slots.release();
        envelope.reply().completeExceptionally(e);
      }
    }
  }

  private <T> void run(Envelope<T> envelope) {
    long start = System.nanoTime();
    T value = null;
    Exception failure = null;
    try {
      value = envelope.work().call();
    } catch (Exception e) {
      log.warn("handling a {} message failed", envelope.type(), e);
      failure = e;
    }
    // recorded before the reply completes, so a host reading the tracker after the reply sees it
    latency.record(envelope.type(), Duration.ofNanos(System.nanoTime() - start));
    if (failure != null) {
      envelope.reply().completeExceptionally(failure);
    } else {
      envelope.reply().complete(value);
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends Trigger> TriggerResult handle(T trigger) {
    TriggerHandler<T> handler = (TriggerHandler<T>) handlers.get(trigger.getClass());
    try {
      TriggerResult result = handler.handle(trigger);
      return result != null ? result : TriggerResult.failed(trigger, "the handler gave no result");
    } catch (Exception e) {
      log.warn("the handler of {} failed", trigger.getClass().getSimpleName(), e);
      return TriggerResult.failed(trigger, "the handler failed: " + e);
    }
  }

  private void flushSaves() {
    Set<Path> batch;
    synchronized (saveLock) {
      if (saveRunInFlight || pendingSaves.isEmpty()) {
        return;
      }
      batch = Set.copyOf(pendingSaves);
      pendingSaves.clear();
      saveRunInFlight = true;
    }
    CompletableFuture<TriggerResult> run;
    try {
      run = fire(new Trigger.FilesSaved(batch));
    } catch (RuntimeException e) {
      log.info("saved files not checked yet: {}", e.getMessage());
      synchronized (saveLock) {
        saveRunInFlight = false;
        pendingSaves.addAll(batch);
      }
      if (!closed) {
        timer.schedule(this::flushSaves, Math.max(100, config.saveDebounce().toMillis()), TimeUnit.MILLISECONDS);
      }
      return;
    }
    run.whenComplete((result, error) -> {
      synchronized (saveLock) {
        saveRunInFlight = false;
      }
      if (!closed) {
        flushSaves();
      }
    });
  }

  /**
   * A turn of the orchestrator's conversation, stopped after the query timeout.
   *
   * @throws TimeoutException when the turn took longer than {@link OrchestratorConfig#queryTimeout()}
   */
  private AgentResult converse(String text) throws TimeoutException {
    AgentSession current;
    synchronized (sessionLock) {
      if (session == null) {
        session = agent.newSession();
      }
      current = session;
    }
    // the session runs its turns one at a time itself; no orchestrator lock is held during the turn
    CancellationToken token = CancellationToken.create();
    Thread worker = Thread.currentThread();
    Object alarmLock = new Object();
    boolean[] state = new boolean[2]; // [0] the turn is over, [1] the alarm went off
    ScheduledFuture<?> alarm = timer.schedule(() -> {
      synchronized (alarmLock) {
        if (!state[0]) {
          state[1] = true;
          token.cancel();
          worker.interrupt();
        }
      }
    }, config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    AgentResult result;
    try {
      result = current.run(text, StreamingHandler.NONE, token);
    } finally {
      alarm.cancel(false);
      synchronized (alarmLock) {
        state[0] = true;
      }
    }
    if (state[1]) {
      Thread.interrupted();
      throw new TimeoutException("the query took longer than " + config.queryTimeout().toMillis()
          + " ms and was stopped");
    }
    return result;
  }

  private boolean confirm(String description, Action kind) {
    Permission permission = agent.permissionPolicy().setting(kind);
    if (permission == Permission.DENY) {
      return false;
    }
    Optional<Approver> approver = approver();
    if (approver.isEmpty()) {
      return false;
    }
    try {
      return approver.get().approve(new ApprovalRequest("orchestrator", Set.of(kind), ToolArguments.empty(), description));
    } catch (RuntimeException e) {
      log.warn("the approver failed on an action; treating it as a refusal", e);
      return false;
    }
  }

  private Optional<Approver> approver() {
    return Optional.ofNullable(hostApprover);
  }

  private String knowledgeContext(int budgetTokens) {
    StringBuilder text = new StringBuilder();
    JsonNode kb = knowledgeBase();
    if (!kb.isNull() && !kb.isMissingNode()) {
      text.append("## Project knowledge base (from the IDE)\n").append(kb.toString()).append('\n');
    }
    synchronized (knowledgeUpdates) {
      knowledgeUpdates.forEach((k, v) -> text.append("- ").append(k).append(": ").append(v).append('\n'));
    }
    int max = Math.min(MAX_KNOWLEDGE_CHARS, budgetTokens * 4);
    return text.length() <= max ? text.toString() : text.substring(0, max);
  }

  private Optional<String> storedRustVersion() {
    if (dataDirectory == null) {
      return Optional.empty();
    }
    Path file = dataDirectory.resolve("rust-version.txt");
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void storeRustVersion(String version) {
    if (dataDirectory == null) {
      return;
    }
    try {
      Files.createDirectories(dataDirectory);
      Files.writeString(dataDirectory.resolve("rust-version.txt"), version + "\n");
    } catch (IOException e) {
      log.warn("cannot store the Rust version in {}", dataDirectory, e);
    }
  }

  // ------------------------------------------------------------------ default trigger handlers

  private Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> defaultHandlers() {
    Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> h = new HashMap<>();
    h.put(Trigger.FilesSaved.class, (TriggerHandler<Trigger.FilesSaved>) t -> check(t));
    h.put(Trigger.PeriodicCheck.class, (TriggerHandler<Trigger.PeriodicCheck>) t -> {
      try {
        checkRustVersion();
      } catch (RuntimeException e) {
        log.info("periodic check: cannot tell the Rust version: {}", e.getMessage());
      }
      return check(t);
    });
    h.put(Trigger.CompileError.class, (TriggerHandler<Trigger.CompileError>) t -> {
      if (!config.autoFixErrors()) {
        return TriggerResult.done(t, t.problems().size() + " compile error(s); type /debug to fix them", null);
      }
      WorkflowResult result = runWorkflow(DebuggingWorkflow.builder().agent(agent).autoFix(true).build());
      return new TriggerResult(t, result.succeeded(), result.summary(), result);
    });
    h.put(Trigger.CompileSuccess.class, (TriggerHandler<Trigger.CompileSuccess>) t ->
        TriggerResult.done(t, "cargo check is clean", null));
    h.put(Trigger.UserQuery.class, (TriggerHandler<Trigger.UserQuery>) t -> {
      AgentResult result = converse(t.text());
      return new TriggerResult(t, result.isSuccess(), result.answer(), result);
    });
    h.put(Trigger.SlashCommandEntered.class, (TriggerHandler<Trigger.SlashCommandEntered>) t -> {
      CommandOutcome outcome = commands.execute(t.line());
      return new TriggerResult(t, outcome instanceof CommandOutcome.Completed, outcome.text(), outcome);
    });
    h.put(Trigger.KnowledgeGap.class, (TriggerHandler<Trigger.KnowledgeGap>) t -> {
      if (!config.learningMode()) {
        return TriggerResult.done(t, "learning mode is off; '" + t.topic() + "' not explained", null);
      }
      WorkflowResult result = explain(t.topic(), LearningWorkflow.Level.INTERMEDIATE);
      return new TriggerResult(t, result.succeeded(), result.summary(), result);
    });
    h.put(Trigger.RustVersionChanged.class, (TriggerHandler<Trigger.RustVersionChanged>) t -> {
      synchronized (knowledgeUpdates) {
        knowledgeUpdates.put("rust toolchain", t.current() + " (was " + t.previous() + ")");
      }
      return TriggerResult.done(t, "Rust changed from '" + t.previous() + "' to '" + t.current()
          + "'; the toolchain version is now in the agent's context", null);
    });
    return h;
  }

  /** Runs cargo check through the gate and hands the outcome to the compile error or success handler. */
  private TriggerResult check(Trigger t) {
    List<AgentStep> steps = agent.callTool("cargo", "{\"subcommand\":\"check\"}", CancellationToken.create());
    ToolResult result = null;
    for (AgentStep step : steps) {
      if (step instanceof AgentStep.PermissionDecision d && !d.allowed()) {
        return TriggerResult.failed(t, "cargo check was not allowed: " + d.reason());
      }
      if (step instanceof AgentStep.ToolOutcome o) {
        result = o.result();
      }
    }
    if (result == null) {
      return TriggerResult.failed(t, "cargo check did not run");
    }
    if (result.payload() instanceof dev.rustagent.tools.CargoReport report && report.cargoFailure().isPresent()) {
      return TriggerResult.failed(t, "cargo check failed; nothing was checked. cargo said:\n"
          + report.cargoFailure().get().strip());
    }
    List<String> errors = result.payload() instanceof ProblemReport report
        ? report.problems().stream().filter(p -> p.startsWith("error")).toList() : List.of();
    if (errors.isEmpty() && result.isError()) {
      errors = List.of(result.text());
    }
    Trigger next = errors.isEmpty() ? new Trigger.CompileSuccess() : new Trigger.CompileError(errors);
    TriggerResult outcome = handle(next);
    String what = t instanceof Trigger.FilesSaved saved ? saved.paths().size() + " saved file(s) checked: " : "checked: ";
    return new TriggerResult(t, outcome.succeeded(), what + outcome.summary(), outcome);
  }

  /**
   * Explains a concept at a level; a successful explanation is kept for the cache TTL, so asking again
   * neither calls the model nor records the concept twice.
   */
  private WorkflowResult explain(String concept, LearningWorkflow.Level level) {
    String key = concept.strip() + "|" + level;
    java.time.Instant now = clock.instant();
    synchronized (explanations) {
      CachedExplanation cached = explanations.get(key);
      if (cached != null && now.isBefore(cached.expires())) {
        return cached.result();
      }
      explanations.remove(key);
    }
    WorkflowResult result = runWorkflow(LearningWorkflow.of(agent, concept, level, conceptRecorder));
    if (result.succeeded()) {
      synchronized (explanations) {
        explanations.put(key, new CachedExplanation(result, now.plus(config.cacheTtl())));
        if (explanations.size() > MAX_CACHED_EXPLANATIONS) {
          explanations.remove(explanations.keySet().iterator().next());
        }
      }
    }
    return result;
  }

  private record CachedExplanation(WorkflowResult result, java.time.Instant expires) {}

  private WorkflowResult runWorkflow(Workflow workflow) {
    return workflow.run(workflowListener, CancellationToken.create());
  }

  // ------------------------------------------------------------------ standard slash commands

  private SlashCommands.Builder standardCommands() {
    SlashCommands.Builder b = SlashCommands.builder();
    b.command(StandardCommands.AGENT, this::spawnCommand);
    b.command(StandardCommands.GENERATE, c -> {
      CodeGenerationWorkflow.Builder w = CodeGenerationWorkflow.builder().agent(agent).spec(c.joinedArguments())
          .tests(c.has("tests")).docs(c.has("docs"));
      c.option("out").ifPresent(w::outputFile);
      return completed(w.build());
    });
    b.command(StandardCommands.REFACTOR, c -> completed(RefactoringWorkflow.of(agent, c.arguments().get(0),
        String.join(" ", c.arguments().subList(1, c.arguments().size())), 3)));
    b.command(StandardCommands.DOCUMENT, c -> completed(CodeGenerationWorkflow.builder().agent(agent)
        .spec("Write rustdoc documentation (/// and //! comments with examples) for the " + c.arguments().get(0)
            + " `" + c.arguments().get(1) + "`. Change only comments.").build()));
    b.command(StandardCommands.TEST, c -> {
      String kind = c.arguments().get(0);
      String target = c.argument(1).map(t -> "`" + t + "`").orElse("the crate");
      return completed(CodeGenerationWorkflow.builder().agent(agent)
          .spec("Write " + kind + " tests for " + target + (kind.equals("integration") ? " under tests/" : "")
              + (kind.equals("bench") ? " as benchmarks under benches/" : ""))
          .checkWith(kind.equals("bench") ? "check" : "test").build());
    });
    b.command(StandardCommands.DEBUG, c -> completed(DebuggingWorkflow.builder().agent(agent)
        .autoFix(c.has("auto-fix") || config.autoFixErrors()).trace(c.has("trace")).build()));
    b.command(StandardCommands.EXPLAIN, c -> describe(explain(c.joinedArguments(),
        LearningWorkflow.Level.parse(c.option("level").orElse("intermediate")))));
    b.command(StandardCommands.GIT, c -> {
      List<AgentStep> steps = agent.callTool("git", MAPPER.createObjectNode()
          .set("args", MAPPER.valueToTree(c.arguments())).toString(), CancellationToken.create());
      for (AgentStep step : steps) {
        if (step instanceof AgentStep.ToolOutcome o) {
          return o.result().isError() ? new CommandOutcome.Failed(o.result().text(), null)
              : new CommandOutcome.Completed(o.result().text(), o.result());
        }
      }
      return new CommandOutcome.Failed("git did not run", null);
    });
    return b;
  }

  private CommandOutcome completed(Workflow workflow) {
    return describe(runWorkflow(workflow));
  }

  private static CommandOutcome describe(WorkflowResult result) {
    String text = result.summary();
    if (!result.problems().isEmpty()) {
      text += "\n" + result.problems().stream()
          .map(p -> (p.fixed() ? "  fixed: " : "  open:  ") + p.description() + p.resolutionText().map(r -> " -> " + r).orElse(""))
          .reduce((a, b) -> a + "\n" + b).orElse("");
    }
    return new CommandOutcome.Completed(text, result);
  }

  private CommandOutcome spawnCommand(SlashCommand c) throws Exception {
    if (!config.allowAgentSpawning()) {
      return new CommandOutcome.Failed("spawning helper agents is turned off (allowAgentSpawning=false)", null);
    }
    Set<String> tools = c.option("tools").map(t -> Set.copyOf(Arrays.stream(t.split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList())).orElse(Set.of());
    HelperHandle helper;
    try {
      helper = network.spawn(new HelperSpec(c.joinedArguments(), c.option("context").orElse(""), tools, Set.of()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new CommandOutcome.Failed(e.getMessage(), e);
    }
    HelperResult result = helper.result().get(config.queryTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    return result.status() == HelperStatus.COMPLETED
        ? new CommandOutcome.Completed(result.answer(), result)
        : new CommandOutcome.Failed(helper.id() + " " + result.status().name().toLowerCase(java.util.Locale.ROOT)
            + ": " + result.reason(), null);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static String probeRustVersion() {
    Optional<Path> rustc = Programs.find("rustc");
    if (rustc.isEmpty()) {
      throw new IllegalStateException("rustc is not installed: 'rustc' was not found on the PATH or in ~/.cargo/bin");
    }
    try {
      ProcessRunner.Outcome outcome = ProcessRunner.run(new ProcessRunner.Command(
              List.of(rustc.get().toString(), "--version"), Path.of("").toAbsolutePath(),
              Programs.environmentWithCargoBin(), null),
          Duration.ofSeconds(30), CancellationToken.create(), 64_000);
      if (!outcome.succeeded()) {
        throw new IllegalStateException("rustc --version failed"
            + (outcome.timedOut() ? " (no answer within 30 s)" : " with exit code " + outcome.exitCode())
            + ": " + outcome.combined().strip());
      }
      return outcome.stdout().strip();
    } catch (ProcessRunner.StartException e) {
      throw new IllegalStateException("rustc could not be started: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running rustc --version", e);
    }
  }

  /** Builds an {@link Orchestrator}; every setter checks its argument at once. */
  public static final class Builder {
    private Agent agent;
    private Approver approver;
    private OrchestratorConfig config = OrchestratorConfig.defaults();
    private final Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> handlers = new HashMap<>();
    private final Map<CommandSpec, CommandHandler> commands = new LinkedHashMap<>();
    private WorkflowListener workflowListener = WorkflowListener.NONE;
    private LearningWorkflow.ConceptRecorder conceptRecorder =
        (concept, level, text) -> log.info("concept learned: {} ({})", concept, level);
    private Path dataDirectory;
    private boolean watchWorkspace;
    private Duration periodicCheck;
    private Supplier<String> rustVersionProbe = Orchestrator::probeRustVersion;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The agent (required): its model, tools, workspace, permission policy and approver are used. */
    public Builder agent(Agent agent) {
      this.agent = requireNonNull(agent, "agent");
      return this;
    }

    /** The host's approver for {@link #action} confirmations; without one, such actions are refused. */
    public Builder approver(Approver approver) {
      this.approver = requireNonNull(approver, "approver");
      return this;
    }

    /** The settings; default {@link OrchestratorConfig#defaults()}. */
    public Builder config(OrchestratorConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** Replaces the default handler of one trigger kind. */
    public <T extends Trigger> Builder on(Class<T> kind, TriggerHandler<T> handler) {
      requireNonNull(kind, "kind");
      requireNonNull(handler, "handler");
      if (!kind.isRecord() || !Trigger.class.isAssignableFrom(kind)) {
        throw new IllegalArgumentException("not a trigger kind: " + kind.getName());
      }
      handlers.put(kind, handler);
      return this;
    }

    /** Adds a slash command, or replaces the standard one of the same name. */
    public Builder command(CommandSpec spec, CommandHandler handler) {
      commands.put(requireNonNull(spec, "spec"), requireNonNull(handler, "handler"));
      return this;
    }

    /** Receives the steps of every workflow the orchestrator runs. */
    public Builder workflowListener(WorkflowListener listener) {
      this.workflowListener = requireNonNull(listener, "listener");
      return this;
    }

    /** Records concepts explained (memory plugs in here); the default logs them. */
    public Builder conceptRecorder(LearningWorkflow.ConceptRecorder recorder) {
      this.conceptRecorder = requireNonNull(recorder, "recorder");
      return this;
    }

    /** The IDE's data directory holding knowledge_base.json and progress.json; created if missing. */
    public Builder dataDirectory(Path dir) {
      requireNonNull(dir, "dir");
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new IllegalArgumentException("data directory is not a directory: " + dir);
      }
      this.dataDirectory = dir.toAbsolutePath().normalize();
      return this;
    }

    /** Whether the workspace is watched for saved .rs files and Cargo.toml; default false. */
    public Builder watchWorkspace(boolean watch) {
      this.watchWorkspace = watch;
      return this;
    }

    /** Runs a periodic check at this interval (at least one second). */
    public Builder periodicCheck(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("periodic check interval must be at least 1 second: " + interval);
      }
      this.periodicCheck = interval;
      return this;
    }

    /** How the Rust version is found; default {@code rustc --version}. */
    public Builder rustVersionProbe(Supplier<String> probe) {
      this.rustVersionProbe = requireNonNull(probe, "probe");
      return this;
    }

    /** The clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the orchestrator (not started).
     *
     * @throws IllegalStateException when no agent was set
     */
    public Orchestrator build() {
      if (agent == null) {
        throw new IllegalStateException("an agent is required: call agent(...)");
      }
      return new Orchestrator(this);
    }
  }
}
