package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy.Permission;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.command.SlashCommands.CommandHandler;
import dev.rustagent.core.command.CommandSpec;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.rustagent.core.workflow.Workflow;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.orchestrator.Trigger.TriggerHandler;
import dev.rustagent.core.orchestrator.Trigger.TriggerResult;

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
  private static final int MAX_CACHED_EXPLANATIONS = 256;

  private final OrchestratorConfig config;
  private final Agent agent;
  private final AgentNetwork network;
  private final SlashCommands commands;
  private final Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> handlers;
  private final WorkflowListener workflowListener;
  private final LearningWorkflow.ConceptRecorder conceptRecorder;
  private final Approver hostApprover;
  private final boolean watchWorkspace;
  private final Duration periodicCheck;
  private final Clock clock;
  private final LatencyTracker latency = new LatencyTracker();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("orchestrator-timer"));
  private final MessageQueue queue;
  private final SaveDebouncer saves;
  private final QueryDeadline deadline;
  private final ToolchainWatch toolchain;
  private final Cache<String, WorkflowResult> explanations;
  private final ProjectKnowledge knowledge;
  private final Object sessionLock = new Object();
  private AgentSession session;
  private volatile DirectoryWatcher workspaceWatcher;

  private Orchestrator(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.hostApprover = b.approver;
    this.knowledge = new ProjectKnowledge(b.dataDirectory);
    this.agent = b.agent.toBuilder()
        .contextProvider((task, budget) -> knowledge.context(budget)).build();
    this.network = AgentNetwork.builder().parent(agent).config(config).clock(clock).messagingTools(true).build();
    this.workflowListener = b.workflowListener;
    this.conceptRecorder = b.conceptRecorder;
    this.watchWorkspace = b.watchWorkspace;
    this.periodicCheck = b.periodicCheck;
    this.queue = new MessageQueue(config.queueCapacity(), config.maxConcurrentAgents(), latency);
    this.saves = new SaveDebouncer(timer, config.saveDebounce(), batch -> fire(new Trigger.FilesSaved(batch)),
        queue::closed);
    this.deadline = new QueryDeadline(timer, config.queryTimeout());
    this.toolchain = new ToolchainWatch(b.rustVersionProbe, b.dataDirectory);
    this.explanations = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl())
        .maximumSize(MAX_CACHED_EXPLANATIONS).ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    Map<Class<? extends Trigger>, TriggerHandler<? extends Trigger>> all = new HashMap<>(DefaultTriggerHandlers.of(this));
    all.putAll(b.handlers);
    this.handlers = Map.copyOf(all);
    SlashCommands.Builder standard = StandardCommandBindings.of(this);
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
    if (queue.started() || queue.closed()) {
      throw new IllegalStateException(queue.closed() ? "the orchestrator is closed" : "the orchestrator is already started");
    }
    knowledge.start();
    if (watchWorkspace) {
      workspaceWatcher = new DirectoryWatcher(agent.workspace(), true, path -> {
        String name = path.getFileName().toString();
        if (name.endsWith(".rs") || name.equals("Cargo.toml")) {
          fileSaved(path);
        }
      }, "workspace-watcher");
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
    queue.start();
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
    return knowledge.knowledgeBase();
  }

  /** The learning progress as last loaded from the data directory (JSON null without one). */
  public JsonNode progress() {
    return knowledge.progress();
  }

  /**
   * The open objectives of {@code progress.json} as last loaded (its {@code objectives} array; done
   * ones left out), for a host to put into a session's {@code EditorContext}; empty without one.
   */
  public java.util.List<String> objectives() {
    return KnowledgeFiles.objectives(knowledge.progress());
  }

  /**
   * Why the latest reload of {@code knowledge_base.json} or {@code progress.json} failed (the last
   * good content is kept), or empty when the latest reload worked.
   */
  public Optional<String> knowledgeFileProblem() {
    return knowledge.problem();
  }

  /** Sends a trigger to its handler. */
  public CompletableFuture<TriggerResult> fire(Trigger trigger) {
    requireNonNull(trigger, "trigger");
    return queue.enqueue(DefaultTriggerHandlers.latencyKey(trigger), () -> handle(trigger));
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
    return queue.enqueue("query", () -> converse(text).answer());
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
    return queue.enqueue("action", () -> {
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
    return queue.enqueue("learn", () -> explain(concept, level));
  }

  /** Adds or replaces a piece of knowledge that goes into the agent's context. */
  public CompletableFuture<Void> updateKnowledge(String key, String text) {
    requireNonNull(key, "key");
    requireNonNull(text, "text");
    return queue.enqueue("knowledge", () -> {
      noteKnowledge(key, text);
      return null;
    });
  }

  /**
   * Reports a saved file. Saves are gathered over the debounce window; one {@link Trigger.FilesSaved}
   * then goes out with every path, and while it is handled further saves wait for the next one.
   */
  public void fileSaved(Path path) {
    requireNonNull(path, "path");
    if (!queue.started() || queue.closed()) {
      throw new IllegalStateException(queue.closed() ? "the orchestrator is closed" : "call start() before reporting saves");
    }
    saves.saved(path);
  }

  /**
   * Runs {@code rustc --version} and fires {@link Trigger.RustVersionChanged} when it differs from
   * the version seen last (kept in the data directory when there is one).
   */
  public Optional<CompletableFuture<TriggerResult>> checkRustVersion() {
    return toolchain.check().map(this::fire);
  }

  /** Stops the dispatcher, watchers and helpers; queued messages fail. */
  @Override
  public void close() {
    queue.close();
    if (workspaceWatcher != null) {
      workspaceWatcher.close();
    }
    knowledge.close();
    network.close();
    timer.shutdownNow();
  }

  // ------------------------------------------------------- used by the handlers and command bindings

  @SuppressWarnings("unchecked")
  <T extends Trigger> TriggerResult handle(T trigger) {
    TriggerHandler<T> handler = (TriggerHandler<T>) handlers.get(trigger.getClass());
    try {
      TriggerResult result = handler.handle(trigger);
      return result != null ? result : TriggerResult.failed(trigger, "the handler gave no result");
    } catch (Exception e) {
      log.warn("the handler of {} failed", trigger.getClass().getSimpleName(), e);
      return TriggerResult.failed(trigger, "the handler failed: " + e);
    }
  }

  /**
   * A turn of the orchestrator's conversation, stopped after the query timeout.
   *
   * @throws TimeoutException when the turn took longer than {@link OrchestratorConfig#queryTimeout()}
   */
  AgentResult converse(String text) throws TimeoutException {
    AgentSession current;
    synchronized (sessionLock) {
      if (session == null) {
        session = agent.newSession();
      }
      current = session;
    }
    // the session runs its turns one at a time itself; no orchestrator lock is held during the turn
    return deadline.run(token -> current.run(text, StreamingHandler.NONE, token));
  }

  /**
   * Explains a concept at a level; a successful explanation is kept for the cache TTL, so asking again
   * neither calls the model nor records the concept twice.
   */
  WorkflowResult explain(String concept, LearningWorkflow.Level level) {
    String key = concept.strip() + "|" + level;
    WorkflowResult cached = explanations.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    WorkflowResult result = runWorkflow(LearningWorkflow.of(agent, concept, level, conceptRecorder));
    if (result.succeeded()) {
      explanations.put(key, result);
    }
    return result;
  }

  WorkflowResult runWorkflow(Workflow workflow) {
    return workflow.run(workflowListener, CancellationToken.create());
  }

  /** Adds or replaces a line of the knowledge that goes into the agent's context. */
  void noteKnowledge(String key, String text) {
    knowledge.note(key, text);
  }

  // ---------------------------------------------------------------------------------------------

  private boolean confirm(String description, Action kind) {
    Permission permission = agent.permissionPolicy().setting(kind);
    if (permission == Permission.DENY || hostApprover == null) {
      return false;
    }
    try {
      return hostApprover.approve(new ApprovalRequest("orchestrator", Set.of(kind), ToolArguments.empty(), description));
    } catch (RuntimeException e) {
      log.warn("the approver failed on an action; treating it as a refusal", e);
      return false;
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
    private Supplier<String> rustVersionProbe = ToolchainWatch::rustcVersion;
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
