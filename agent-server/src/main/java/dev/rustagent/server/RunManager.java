package dev.rustagent.server;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy.Permission;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.orchestrator.LatencyTracker.LatencyStats;
import dev.rustagent.core.orchestrator.LatencyTracker;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts, queues, runs, cancels and remembers runs; keeps the conversations and routes approval
 * questions to the client behind each run.
 */
final class RunManager {
  private static final Logger log = LoggerFactory.getLogger(RunManager.class);
  private static final Set<Action> MODIFYING = Set.of(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.GIT_WRITE);
  private static final int RETAINED_FINISHED_RUNS = 1000;

  private final ServerSettings settings;
  private final Clock clock = Clock.systemUTC();
  private final Path workspace;
  private final boolean agentMayModify;
  private final List<String> toolNames;
  private final WorkspaceQueue queue;
  private final Semaphore readOnlySlots;
  private final ApprovalBroker approvals = new ApprovalBroker(clock);
  private final LatencyTracker latency = new LatencyTracker(10_000);
  private final TokenTally tokens;
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, ServerRun> active = new ConcurrentHashMap<>();
  private final Map<String, ServerRun> finished;
  private final Map<String, ServerSession> sessions;
  private final ExecutorService executor;
  private final Object admission = new Object();
  private volatile boolean stopping;

  RunManager(ServerSettings settings) {
    this.settings = settings;
    this.tokens = new TokenTally(settings.pricing());
    Agent probe = settings.factory().create(Approver.denyAll());
    this.workspace = probe.workspace().toAbsolutePath().normalize();
    this.agentMayModify = mayModify(probe.permissionPolicy());
    this.toolNames = probe.tools().stream().map(Tool::name).sorted().toList();
    this.queue = new WorkspaceQueue(settings.maxQueuedRuns());
    this.readOnlySlots = new Semaphore(settings.maxConcurrentReadOnlyRuns());
    this.finished = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ServerRun> eldest) {
        return size() > RETAINED_FINISHED_RUNS;
      }
    });
    int maxSessions = settings.maxSessions();
    this.sessions = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ServerSession> eldest) {
        return size() > maxSessions && eldest.getValue().current() == null;
      }
    });
    this.executor = Executors.newCachedThreadPool(DaemonThreads.factory("server-run"));
  }

  /** Whether a run under this policy could change the workspace (an action that may be allowed or asked). */
  static boolean mayModify(PermissionPolicy policy) {
    return MODIFYING.stream().anyMatch(a -> policy.setting(a) != Permission.DENY);
  }

  Path workspace() {
    return workspace;
  }

  boolean mayModify() {
    return agentMayModify;
  }

  List<String> toolNames() {
    return toolNames;
  }

  ApprovalBroker approvals() {
    return approvals;
  }

  LatencyTracker latency() {
    return latency;
  }

  TokenTally tokens() {
    return tokens;
  }

  Map<String, Long> outcomes() {
    Map<String, Long> out = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  int activeRuns() {
    return active.size();
  }

  int queueLength() {
    return queue.length();
  }

  int sessionCount() {
    return sessions.size();
  }

  /** What a client asks to run. */
  record RunSpec(ServerRun.Kind kind, String task, String sessionId, boolean readOnly, Integer maxTokens,
      Set<String> tools, String parentAgentRunId) {}

  /**
   * Accepts a run and starts it (it may wait for the workspace).
   *
   * @throws ApiException 404 for an unknown session, 400 for a session of the other mode or unknown tools,
   *     429 when the queue is full, 503 while stopping
   */
  ServerRun submit(RunSpec spec, RunChannel channel) {
    if (stopping) {
      throw new ApiException(503, "the server is stopping");
    }
    if (spec.tools() != null) {
      Set<String> unknown = new TreeSet<>(spec.tools());
      unknown.removeAll(toolNames);
      if (!unknown.isEmpty()) {
        throw ApiException.badRequest("unknown tools " + unknown + "; the agent has " + toolNames);
      }
    }
    ServerSession session = session(spec);
    boolean readOnly = session.readOnly() || !agentMayModify;
    ServerRun run = new ServerRun("run_" + UUID.randomUUID().toString().replace("-", ""), spec.kind(), session.id(),
        spec.task(), readOnly, spec.maxTokens(), clock.instant(), channel,
        new TokenTally(settings.pricing()));
    synchronized (admission) {
      if (stopping) {
        throw new ApiException(503, "the server is stopping");
      }
      if (readOnly) {
        if (!readOnlySlots.tryAcquire()) {
          throw new ApiException(429, "too many read-only runs at once (" + settings.maxConcurrentReadOnlyRuns()
              + "); try again later", retryAfterSeconds(run.queryType(), 1));
        }
      } else if (!queue.enqueue(run)) {
        throw new ApiException(429, "the workspace queue is full (" + settings.maxQueuedRuns()
            + " runs waiting); try again later", retryAfterSeconds(run.queryType(), queue.length()));
      }
      active.put(run.id(), run);
    }
    run.cancellation().onCancel(() -> {
      approvals.refuseAll(run.id());
      queue.wake();
    });
    channel.accepted(run);
    try {
      executor.execute(() -> execute(run, session));
    } catch (RuntimeException e) {
      release(run);
      throw new ApiException(503, "the server is stopping");
    }
    return run;
  }

  private ServerSession session(RunSpec spec) {
    if (spec.sessionId() != null) {
      ServerSession known = sessions.get(spec.sessionId());
      if (known == null) {
        throw ApiException.notFound("unknown session_id '" + spec.sessionId() + "'");
      }
      if (known.readOnly() != spec.readOnly()) {
        throw ApiException.badRequest("session '" + spec.sessionId() + "' was opened "
            + (known.readOnly() ? "read-only" : "read-write") + "; send read_only=" + known.readOnly());
      }
      return known;
    }
    ServerSession session = new ServerSession(spec.readOnly());
    Agent agent = settings.factory().create(request -> approve(session, request));
    Path agentWorkspace = agent.workspace().toAbsolutePath().normalize();
    if (!agentWorkspace.equals(workspace)) {
      throw new IllegalStateException("the agent factory returned an agent for " + agentWorkspace
          + " but the server's workspace is " + workspace);
    }
    if (spec.readOnly()) {
      agent = agent.toBuilder()
          .permissionPolicy(agent.permissionPolicy().toBuilder().deny(MODIFYING.toArray(Action[]::new)).build())
          .build();
    }
    if (spec.tools() != null) {
      ToolRegistry subset = ToolRegistry.empty();
      agent.tools().stream().filter(t -> spec.tools().contains(t.name())).forEach(subset::register);
      agent = agent.toBuilder().tools(subset).build();
    }
    if (spec.parentAgentRunId() != null) {
      agent = agent.toBuilder().parentRunId(spec.parentAgentRunId()).build();
    }
    session.conversation(agent.newSession());
    if (spec.kind() == ServerRun.Kind.QUERY) {
      sessions.put(session.id(), session);
    }
    return session;
  }

  private boolean approve(ServerSession session, ApprovalRequest request) {
    ServerRun run = session.current();
    if (run == null || run.cancellation().isCancelled()) {
      return false;
    }
    if (session.alwaysAllowed().contains(request.tool())) {
      return true;
    }
    if (!run.channel().canAsk()) {
      log.debug("run {}: no client to ask about {}; refused", run.id(), request.tool());
      return false;
    }
    PendingApproval approval = approvals.open(run, request);
    try {
      if (run.cancellation().isCancelled()) {
        return false;
      }
      run.channel().approvalRequested(run, approval);
      PendingApproval.Answer answer = approval.answer()
          .get(settings.approvalTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (answer.allow() && answer.always()) {
        session.alwaysAllowed().add(request.tool());
      }
      return answer.allow() && !run.cancellation().isCancelled();
    } catch (TimeoutException e) {
      log.info("run {}: nobody answered about {} within {}; refused", run.id(), request.tool(),
          settings.approvalTimeout());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    } finally {
      approvals.close(approval);
    }
  }

  /** Answers an approval question; false when none such waits. */
  boolean answer(String approvalId, boolean allow, boolean always) {
    return approvals.answer(approvalId, new PendingApproval.Answer(allow, always));
  }

  private void execute(ServerRun run, ServerSession session) {
    boolean turnTaken = false;
    try {
      if (!run.readOnly()) {
        run.channel().queued(run, run.queuePosition());
        queue.awaitTurn(run);
        turnTaken = true;
        announcePositions();
      }
      session.current(run);
      run.started();
      run.channel().started(run);
      AgentResult result = session.conversation().run(run.task(), handler(run), run.cancellation());
      latency.record(run.queryType(), result.totalLatency());
      count(result.status().name().toLowerCase(java.util.Locale.ROOT));
      run.finish(result);
    } catch (CancellationException e) {
      count("cancelled");
      run.abort("cancelled", "cancelled before it started");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      count("cancelled");
      run.abort("cancelled", "interrupted");
    } catch (RuntimeException e) {
      log.warn("run {} failed outside the agent loop", run.id(), e);
      count("failed");
      run.abort("failed", e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      if (session.current() == run) {
        session.current(null);
      }
      if (turnTaken || !run.readOnly()) {
        queue.release(run);
        announcePositions();
      }
      release(run);
      try {
        run.channel().finished(run);
      } catch (RuntimeException e) {
        log.debug("run {}: the client could not be told it finished: {}", run.id(), e.toString());
      } finally {
        run.ended().complete(null);
      }
    }
  }

  private StreamingHandler handler(ServerRun run) {
    return new StreamingHandler() {
      private long outputTokens;

      @Override
      public void onToken(String token) {
        run.channel().token(run, token);
      }

      @Override
      public void onEvent(AgentEvent event) {
        if (event instanceof AgentEvent.RunStarted started) {
          run.agentRunId(started.runId());
        } else if (event instanceof AgentEvent.ModelResponded responded) {
          tokens.record(responded.response());
          run.tokens().record(responded.response());
        }
        if (event instanceof AgentEvent.ModelResponded responded && run.maxTokens() != null
            && responded.response().tokenUsage() != null
            && responded.response().tokenUsage().outputTokenCount() != null) {
          outputTokens += responded.response().tokenUsage().outputTokenCount();
          if (outputTokens > run.maxTokens()) {
            log.info("run {} spent {} output tokens, over its max_tokens {}; cancelled", run.id(), outputTokens,
                run.maxTokens());
            run.cancellation().cancel();
          }
        }
        run.channel().event(run, event);
      }
    };
  }

  private void announcePositions() {
    for (ServerRun waiting : queue.reposition()) {
      try {
        waiting.channel().queued(waiting, waiting.queuePosition());
      } catch (RuntimeException e) {
        log.debug("run {}: queue position not delivered: {}", waiting.id(), e.toString());
      }
    }
  }

  private void release(ServerRun run) {
    if (active.remove(run.id()) != null) {
      if (run.readOnly()) {
        readOnlySlots.release();
      }
      finished.put(run.id(), run);
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  /** Seconds a client should wait: the mean latency of this kind of run times the runs ahead, 1 to 300. */
  long retryAfterSeconds(String queryType, int runsAhead) {
    double meanSeconds = latency.stats(queryType).map(LatencyStats::mean).map(d -> d.toMillis() / 1000.0).orElse(1.0);
    return Math.max(1, Math.min(300, (long) Math.ceil(meanSeconds * Math.max(1, runsAhead))));
  }

  Optional<ServerRun> run(String id) {
    ServerRun run = active.get(id);
    return Optional.ofNullable(run != null ? run : finished.get(id));
  }

  /** Runs of one kind, the active ones first, then the latest finished. */
  List<ServerRun> runs(ServerRun.Kind kind, int limit) {
    List<ServerRun> out = new ArrayList<>();
    active.values().stream().filter(r -> r.kind() == kind).sorted(java.util.Comparator.comparing(ServerRun::createdAt))
        .forEach(out::add);
    List<ServerRun> done;
    synchronized (finished) {
      done = new ArrayList<>(finished.values());
    }
    java.util.Collections.reverse(done);
    done.stream().filter(r -> r.kind() == kind).forEach(out::add);
    return out.size() <= limit ? out : out.subList(0, limit);
  }

  Optional<ServerSession> session(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Cancels a run; false when it is unknown. */
  boolean cancel(String runId) {
    Optional<ServerRun> run = run(runId);
    run.ifPresent(r -> r.cancellation().cancel());
    return run.isPresent();
  }

  /** Cancels every run of a channel (its client went away). */
  void cancelAll(RunChannel channel) {
    for (ServerRun run : active.values()) {
      if (run.channel() == channel) {
        run.cancellation().cancel();
      }
    }
  }

  /** Refuses new runs, cancels the ones in flight and waits up to {@code timeout} for them to end. */
  void stop(Duration timeout) {
    Collection<ServerRun> inFlight;
    synchronized (admission) {
      stopping = true;
      inFlight = List.copyOf(active.values());
    }
    inFlight.forEach(r -> r.cancellation().cancel());
    CompletableFuture<?>[] ends = inFlight.stream()
        .map(ServerRun::ended).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(ends).get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{} runs did not end within {} after being cancelled", active.size(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.debug("a run ended with {}", e.getCause().toString());
    }
    executor.shutdown();
  }
}
