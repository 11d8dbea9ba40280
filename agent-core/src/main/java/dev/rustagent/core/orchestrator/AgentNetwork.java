package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.orchestrator.HelperHandle.HelperResult;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.core.orchestrator.HelperHandle.HelperStatus;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.tools.spi.internal.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parent agent and the helper agents it spawns. Each helper gets its own conversation, a subset of
 * the parent's tools and the parent's permission policy and approver, possibly narrowed, never
 * widened. At most {@code maxConcurrent} helpers run at once (the rest wait, {@link
 * HelperStatus#QUEUED}); at most {@code maxSpawned} may be queued or running. A helper that takes
 * longer than the timeout is stopped and fails. Agents exchange {@link AgentMessage}s: requests
 * answered by the addressee's model, and knowledge shared with every helper's context.
 *
 * <p>Thread-safe. {@link #close()} cancels every helper and stops the network's threads.
 */
public final class AgentNetwork implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentNetwork.class);
  /** The sender id of the parent. */
  public static final String PARENT = "parent";
  /** How many helpers {@link #helpers()} remembers; the oldest finished ones are forgotten first. */
  public static final int MAX_RETAINED = 1024;

  private final Agent parent;
  private final int maxConcurrent;
  private final int maxSpawned;
  private final Duration timeout;
  private final Clock clock;
  private final boolean messagingTools;
  private final ThreadPoolExecutor workers;
  private final java.util.concurrent.ExecutorService requests;
  private final ScheduledExecutorService timer;
  private final Map<String, HelperHandle> helpers = new LinkedHashMap<>();
  private final List<AgentMessage> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean closed;

  private AgentNetwork(Builder b) {
    this.parent = b.parent;
    this.maxConcurrent = b.maxConcurrent;
    this.maxSpawned = b.maxSpawned;
    this.timeout = b.timeout;
    this.clock = b.clock;
    this.messagingTools = b.messagingTools;
    // requests run apart from the helpers' pool, so helpers waiting on each other cannot starve it
    this.requests = java.util.concurrent.Executors.newCachedThreadPool(
        DaemonThreads.factory("helper-request"));
    this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.factory("helper"));
    this.workers.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("helper-timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
  }

  /** Starts building a network around a parent agent. */
  public static Builder builder() {
    return new Builder();
  }

  /** The parent agent. */
  public Agent parent() {
    return parent;
  }

  /**
   * Spawns a helper. It starts when a slot is free.
   *
   * @throws IllegalArgumentException when the spec names a tool the parent does not have
   * @throws IllegalStateException when {@code maxSpawned} helpers are already queued or running, or
   *     the network is closed
   */
  public HelperHandle spawn(HelperSpec spec) {
    requireNonNull(spec, "spec");
    String id = "helper-" + ids.incrementAndGet();
    HelperHandle.ProgressListener progress = new HelperHandle.ProgressListener();
    Agent child = childAgent(spec, id, progress);
    HelperHandle handle;
    synchronized (helpers) {
      if (closed) {
        throw new IllegalStateException("the agent network is closed");
      }
      long active = helpers.values().stream().filter(h -> !h.status().isDone()).count();
      if (active >= maxSpawned) {
        throw new IllegalStateException("cannot spawn another helper: " + active + " of at most " + maxSpawned
            + " are already queued or running; wait for one to finish or cancel one");
      }
      handle = new HelperHandle(id, spec, child, progress);
      helpers.put(handle.id(), handle);
      if (helpers.size() > MAX_RETAINED) {
        // forget the oldest finished helpers so a long-lived network does not grow without bound
        var it = helpers.values().iterator();
        while (helpers.size() > MAX_RETAINED && it.hasNext()) {
          if (it.next().status().isDone()) {
            it.remove();
          }
        }
      }
    }
    handle.task = workers.submit(() -> runHelper(handle));
    return handle;
  }

  /** The helpers spawned so far, in order (at most {@link #MAX_RETAINED}, running ones always). */
  public List<HelperHandle> helpers() {
    synchronized (helpers) {
      return List.copyOf(helpers.values());
    }
  }

  /** How many helpers are running now. */
  public int running() {
    return (int) helpers().stream().filter(h -> h.status() == HelperStatus.RUNNING).count();
  }

  /**
   * Asks a helper a question; its model answers with its own context (its task and its answer so
   * far). The reply also goes to {@link #messages()}.
   *
   * @throws IllegalArgumentException when there is no helper with id {@code to}
   */
  public CompletableFuture<String> request(String from, String to, String question) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(question, "question");
    HelperHandle target;
    synchronized (helpers) {
      target = helpers.get(to);
    }
    if (target == null) {
      throw new IllegalArgumentException("no helper with id '" + to + "'");
    }
    if (target.status() == HelperStatus.CANCELLED) {
      return CompletableFuture.failedFuture(new IllegalStateException("helper " + to + " was cancelled"));
    }
    return CompletableFuture.supplyAsync(() -> {
      HelperResult done = target.result().getNow(null);
      String prompt = "You are helper " + to + " working on: " + target.spec().task()
          + (done == null ? "" : "\nYour answer so far:\n" + done.answer())
          + "\n\nAgent " + from + " asks you:\n" + question;
      AgentResult answer = target.agent.toBuilder().tools(ToolRegistry.empty()).build()
          .run(prompt, StreamingHandler.NONE, dev.rustagent.tools.ToolContext.CancellationToken.create());
      if (answer.status() != AgentStatus.COMPLETED) {
        throw new IllegalStateException("helper " + to + " could not answer: " + answer.status());
      }
      messages.add(new AgentMessage.Request(from, to, question, answer.answer(), clock.instant()));
      return answer.answer();
    }, requests).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Shares a fact with every helper: helpers starting from now on see it in their context. */
  public void shareKnowledge(String from, String fact) {
    requireNonNull(from, "from");
    requireNonNull(fact, "fact");
    if (fact.isBlank()) {
      throw new IllegalArgumentException("fact must not be blank");
    }
    messages.add(new AgentMessage.Knowledge(from, fact.strip(), clock.instant()));
  }

  /** Every message exchanged so far, oldest first. */
  public List<AgentMessage> messages() {
    return List.copyOf(messages);
  }

  /** Cancels every helper and stops the network's threads. */
  @Override
  public void close() {
    synchronized (helpers) {
      closed = true;
    }
    helpers().forEach(HelperHandle::cancel);
    workers.shutdownNow();
    requests.shutdownNow();
    timer.shutdownNow();
  }

  private Agent childAgent(HelperSpec spec, String id, AgentListener progress) {
    Map<String, Tool> granted = new LinkedHashMap<>();
    parent.tools().forEach(t -> granted.put(t.name(), t));
    ToolRegistry registry = ToolRegistry.empty();
    if (spec.tools().isEmpty()) {
      granted.values().forEach(registry::register);
    } else {
      List<String> missing = spec.tools().stream().filter(n -> !granted.containsKey(n)).sorted().toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("a helper cannot get tools its parent was not granted: " + missing
            + "; the parent has " + granted.keySet());
      }
      granted.values().stream().filter(t -> spec.tools().contains(t.name())).forEach(registry::register);
    }
    if (messagingTools) {
      MessagingTools.forHelper(this, id).stream().filter(t -> registry.find(t.name()).isEmpty())
          .forEach(registry::register);
    }
    PermissionPolicy policy = parent.permissionPolicy();
    if (!spec.deniedActions().isEmpty()) {
      policy = policy.toBuilder().deny(spec.deniedActions().toArray(Action[]::new)).build();
    }
    Agent.Builder child = parent.toBuilder().tools(registry).permissionPolicy(policy)
        .contextProvider((task, budget) -> sharedKnowledge()).listener(progress);
    // spawned during a run (by one of its tools): the helper's runs nest under it in traces
    Agent.currentRunId().ifPresent(child::parentRunId);
    if (messagingTools) {
      child.contextProvider((task, budget) -> roster(id));
    }
    if (!spec.context().isBlank()) {
      String context = "## Context from the parent agent\n" + spec.context().strip();
      child.contextProvider((task, budget) -> context);
    }
    return child.build();
  }

  private String sharedKnowledge() {
    String facts = messages.stream().filter(m -> m instanceof AgentMessage.Knowledge)
        .map(m -> "- " + ((AgentMessage.Knowledge) m).fact() + " (from " + m.from() + ")")
        .collect(Collectors.joining("\n"));
    return facts.isEmpty() ? "" : "## Knowledge shared by other agents\n" + facts;
  }

  /** Who the helper is and who else is in the network, for ask_agent. */
  private String roster(String self) {
    StringBuilder text = new StringBuilder("## Your agent network\nYou are ").append(self)
        .append(", a helper of a parent agent. Use ask_agent to ask another helper and share_knowledge to tell"
            + " every helper something useful.");
    for (HelperHandle h : helpers()) {
      if (!h.id().equals(self)) {
        text.append("\n- ").append(h.id()).append(" (").append(h.status().name().toLowerCase(java.util.Locale.ROOT))
            .append("): ").append(h.spec().task());
      }
    }
    return text.toString();
  }

  private void runHelper(HelperHandle handle) {
    if (!handle.start()) {
      return;
    }
    ScheduledFuture<?> deadline = timer.schedule(() -> {
      if (handle.finish(new HelperResult(handle.id(), HelperStatus.FAILED, "",
          "timed out after " + timeout.toMillis() + " ms", null), true)) {
        log.info("helper {} timed out after {}", handle.id(), timeout);
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      AgentResult result = handle.agent.run(handle.spec().task(), StreamingHandler.NONE, handle.cancellation);
      HelperStatus status = switch (result.status()) {
        case COMPLETED -> HelperStatus.COMPLETED;
        case CANCELLED -> HelperStatus.CANCELLED;
        default -> HelperStatus.FAILED;
      };
      String reason = switch (result.status()) {
        case COMPLETED -> "";
        case FAILED -> "the helper's run failed: " + result.failureCause().map(Throwable::getMessage).orElse("unknown");
        default -> "the helper's run ended with " + result.status();
      };
      handle.finish(new HelperResult(handle.id(), status, result.answer(), reason, result), false);
    } catch (RuntimeException e) {
      log.warn("helper {} failed", handle.id(), e);
      handle.finish(new HelperResult(handle.id(), HelperStatus.FAILED, "", "the helper failed: " + e, null), false);
    } finally {
      deadline.cancel(false);
    }
  }

  /** Builds an {@link AgentNetwork}; every setter checks its argument at once. */
  public static final class Builder {
    private Agent parent;
    private int maxConcurrent = 4;
    private int maxSpawned = 8;
    private Duration timeout = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();
    private boolean messagingTools;

    private Builder() {}

    /**
     * Whether helpers also get the {@code ask_agent} and {@code share_knowledge} tools to message the
     * network (READ actions; they touch neither the workspace nor the outside world). Default false.
     */
    public Builder messagingTools(boolean enabled) {
      this.messagingTools = enabled;
      return this;
    }

    /** The parent agent (required). */
    public Builder parent(Agent parent) {
      this.parent = requireNonNull(parent, "parent");
      return this;
    }

    /** How many helpers run at once; 1 to 256, default 4. */
    public Builder maxConcurrent(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("max concurrent must be between 1 and 256: " + n);
      }
      this.maxConcurrent = n;
      return this;
    }

    /** How many helpers may be queued or running; 0 to 10,000, default 8. */
    public Builder maxSpawned(int n) {
      if (n < 0 || n > 10_000) {
        throw new IllegalArgumentException("max spawned must be between 0 and 10000: " + n);
      }
      this.maxSpawned = n;
      return this;
    }

    /** How long one helper may run; positive, default 2 minutes. */
    public Builder timeout(Duration timeout) {
      Durations.positive(timeout, "timeout");
      this.timeout = timeout;
      return this;
    }

    /** The clock stamping messages. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Takes max concurrency, max spawned and the timeout from an orchestrator config. */
    public Builder config(OrchestratorConfig config) {
      requireNonNull(config, "config");
      return maxConcurrent(config.maxConcurrentAgents()).maxSpawned(config.maxSpawnedAgents())
          .timeout(config.queryTimeout());
    }

    /**
     * Builds the network.
     *
     * @throws IllegalStateException when no parent was set
     */
    public AgentNetwork build() {
      if (parent == null) {
        throw new IllegalStateException("a parent agent is required: call parent(...)");
      }
      return new AgentNetwork(this);
    }
  }

  /** A message between agents of an {@link AgentNetwork}: a request with a reply, or shared knowledge. */
  public sealed interface AgentMessage {

    /** The sender's id ({@link AgentNetwork#PARENT} for the parent). */
    String from();

    /** When it was sent. */
    Instant at();

    /** A question to another agent; {@code reply} is its answer. */
    record Request(String from, String to, String question, String reply, Instant at) implements AgentMessage {
      public Request {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(question, "question");
        requireNonNull(reply, "reply");
        requireNonNull(at, "at");
      }
    }

    /** A fact shared with every agent of the network; helpers see it in their context. */
    record Knowledge(String from, String fact, Instant at) implements AgentMessage {
      public Knowledge {
        requireNonNull(from, "from");
        requireNonNull(fact, "fact");
        requireNonNull(at, "at");
      }
    }
  }
}
