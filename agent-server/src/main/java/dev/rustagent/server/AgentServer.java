package dev.rustagent.server;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.ArtPlugin;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult.ModelPricing;
import dev.rustagent.core.Approver;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.tools.spi.internal.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent behind HTTP: a REST API under {@code /api/v1}, a WebSocket at {@code /ws} that streams runs
 * and asks the connected client before anything is modified, a web page at {@code /} and an OpenAPI 3.1
 * document at {@code /openapi.json}. It runs on Javalin (Jetty 12).
 *
 * <p>Security: it binds {@code 127.0.0.1} unless told otherwise; every {@code /api} and {@code /ws}
 * request needs the bearer token ({@code Authorization: Bearer TOKEN}; the WebSocket and the page also
 * take {@code ?token=}); {@code /health} and {@code /openapi.json} are public. No CORS headers are sent,
 * the WebSocket refuses foreign {@code Origin}s, request bodies are capped and the workspace is the one
 * the factory's agents use, fixed at start.
 *
 * <p>Concurrency: runs whose agent may modify the workspace go one at a time through a queue of
 * {@link Builder#maxQueuedRuns(int)} (clients see their position); read-only runs go at once, at most
 * {@link Builder#maxConcurrentReadOnlyRuns(int)} together. A full queue answers 429 with
 * {@code Retry-After}. {@link #stop()} cancels the runs in flight, waits for them to end (so listeners
 * such as memory and trajectory recorders see every run finish) and then closes what
 * {@link Builder#closeOnStop(AutoCloseable)} named.
 *
 * <pre>{@code
 * try (AgentServer server = AgentServer.builder()
 *     .agentFactory(approver -> RustExpert.builder().chatModel(model).tools(ToolRegistry.discover())
 *         .workspace(Path.of("my-crate")).approver(approver).build())
 *     .memory(memory)
 *     .port(8080)
 *     .build()
 *     .start()) {
 *   System.out.println("open " + server.link());
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. A server starts once; after {@link #stop()} it cannot be started again.
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

  private final ServerSettings settings;
  private final Object lifecycle = new Object();
  private HttpFrontEnd frontEnd;
  private RunManager runs;
  private String token;
  private boolean started;
  private boolean stopped;

  private AgentServer(ServerSettings settings) {
    this.settings = settings;
  }

  /** Starts configuring a server. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the first agent (which fixes the workspace), resolves the token and starts listening.
   *
   * @return this server
   * @throws IllegalStateException when it was started before, the port cannot be bound or the token
   *     file cannot be read or written
   */
  public AgentServer start() {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("the server was already started");
      }
      started = true;
      token = ServerToken.resolve(settings.token(), settings.dataDir());
      runs = new RunManager(settings);
      try {
        frontEnd = HttpFrontEnd.start(settings, runs, token);
      } catch (RuntimeException e) {
        runs.stop(Duration.ZERO);
        throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
            + e.getMessage(), e);
      }
      log.info("agent server listening on {} (workspace {})", baseUri(), runs.workspace());
      return this;
    }
  }

  /** The port the server listens on (the one picked when it was asked for port 0). */
  public int port() {
    synchronized (lifecycle) {
      requireRunning();
      return frontEnd.port();
    }
  }

  /** The base address, such as {@code http://127.0.0.1:8080/}. */
  public URI baseUri() {
    return URI.create("http://" + hostForUri() + ":" + port() + "/");
  }

  /** The address of the web page with the token, as printed for a person to open. */
  public URI link() {
    return URI.create(baseUri() + "?token=" + token());
  }

  /** The bearer token clients must send. */
  public String token() {
    synchronized (lifecycle) {
      requireRunning();
      return token;
    }
  }

  /** The workspace every run works in, fixed at start. */
  public Path workspace() {
    synchronized (lifecycle) {
      requireRunning();
      return runs.workspace();
    }
  }

  /**
   * Stops accepting work, cancels the runs in flight, waits up to the stop timeout for them to end,
   * stops listening and closes what {@link Builder#closeOnStop(AutoCloseable)} named. Idempotent.
   */
  public void stop() {
    synchronized (lifecycle) {
      if (!started || stopped) {
        stopped = true;
        return;
      }
      stopped = true;
      try {
        runs.stop(settings.stopTimeout());
      } finally {
        try {
          frontEnd.stop();
        } finally {
          closeResources();
        }
      }
      log.info("agent server stopped");
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  List<Route> registeredRoutes() {
    return frontEnd.routes();
  }

  private void closeResources() {
    for (AutoCloseable resource : settings.closeOnStop()) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing {} on stop failed: {}", resource, e.toString());
      }
    }
  }

  private String hostForUri() {
    String host = settings.host();
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private void requireRunning() {
    if (!started || stopped) {
      throw new IllegalStateException(stopped ? "the server was stopped" : "the server is not started");
    }
  }

  /** A registered HTTP route: method and path template ({@code {id}} for path parameters). */
  record Route(String method, String path) {}

  /**
   * Configures an {@link AgentServer}. Every setter checks its argument at once; only the agent factory
   * is required.
   */
  public static final class Builder {
    private AgentFactory factory;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String token;
    private Path dataDir;
    private AgentMemory memory;
    private ArtPlugin art;
    private ModelPricing pricing = ModelPricing.defaults();
    private int maxBodyBytes = 256 * 1024;
    private int maxQueuedRuns = 16;
    private int maxConcurrentReadOnlyRuns = 8;
    private Duration approvalTimeout = Duration.ofMinutes(5);
    private Duration heartbeat = Duration.ofSeconds(15);
    private Duration tokenBatchDelay = Duration.ofMillis(25);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private int maxSessions = 1000;
    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private final List<AutoCloseable> closeOnStop = new ArrayList<>();

    private Builder() {}

    /** Builds the agents the server runs (required). */
    public Builder agentFactory(AgentFactory factory) {
      this.factory = requireNonNull(factory, "factory");
      return this;
    }

    /** The address to bind; default {@code 127.0.0.1}. Anything else exposes the agent to the network. */
    public Builder host(String host) {
      requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host.strip();
      return this;
    }

    /** The port; 0 picks a free one. Default 8080. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The bearer token clients must send; at least 16 characters of letters, digits, {@code -} and
     * {@code _}. Without it the token stored in {@link #dataDir(Path)} is used, created at first start.
     */
    public Builder token(String token) {
      this.token = ServerToken.check(requireNonNull(token, "token"));
      return this;
    }

    /**
     * Where the generated token is kept ({@code server-token}, readable by the owner only). Required
     * unless {@link #token(String)} is set.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir");
      return this;
    }

    /**
     * The memory behind the patterns, conversations, learn and knowledge endpoints. Without one those
     * endpoints answer 503. The server reads and writes it through its public API only; the agents the
     * factory builds should record into the same memory.
     */
    public Builder memory(AgentMemory memory) {
      this.memory = requireNonNull(memory, "memory");
      return this;
    }

    /**
     * The ART recording behind {@code POST /api/v1/learn} feedback: a person's verdict on a run goes to
     * this plugin's trajectory store, as {@code rust-agent art feedback} does. The agents the factory
     * builds must carry the same plugin ({@code .plugin(art)}), so that every query and helper the server
     * runs is recorded as a trajectory (a helper spawned with a {@code parent_run_id} is linked to it).
     */
    public Builder art(ArtPlugin art) {
      this.art = requireNonNull(art, "art");
      return this;
    }

    /**
     * The prices behind the estimated cost in {@code GET /api/v1/metrics}; each model call is priced by
     * the model that answered it. Default {@link ModelPricing#defaults()} (Anthropic's list prices, USD).
     */
    public Builder pricing(ModelPricing pricing) {
      this.pricing = requireNonNull(pricing, "pricing");
      return this;
    }

    /** The largest request body and WebSocket message accepted, in bytes; 1 KiB to 16 MiB, default 256 KiB. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("max body bytes must be between 1024 and 16777216: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How many runs that may modify the workspace may wait for their turn; 1 to 10,000, default 16. */
    public Builder maxQueuedRuns(int runs) {
      this.maxQueuedRuns = inRange(runs, 1, 10_000, "max queued runs");
      return this;
    }

    /** How many read-only runs may go at once; 1 to 1,000, default 8. */
    public Builder maxConcurrentReadOnlyRuns(int runs) {
      this.maxConcurrentReadOnlyRuns = inRange(runs, 1, 1000, "max concurrent read-only runs");
      return this;
    }

    /** How long a question to a client may stay unanswered before it counts as no; positive, default 5 minutes. */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = Durations.positive(timeout, "approval timeout");
      return this;
    }

    /** How often idle WebSockets are pinged; positive, default 15 seconds. */
    public Builder heartbeat(Duration interval) {
      this.heartbeat = Durations.positive(interval, "heartbeat");
      return this;
    }

    /**
     * How long streamed text may wait to be coalesced into one WebSocket {@code token} message: a batch
     * goes out this long after its first token, at 4096 characters, or before any other message of the
     * socket, whichever comes first. Positive, at most 1 minute; default 25 ms.
     */
    public Builder tokenBatchDelay(Duration delay) {
      Durations.positive(delay, "token batch delay");
      if (delay.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("token batch delay must be at most 1 minute: " + delay);
      }
      this.tokenBatchDelay = delay;
      return this;
    }

    /** How long {@link AgentServer#stop()} waits for cancelled runs to end; not negative, default 30 s. */
    public Builder stopTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("stop timeout must not be negative: " + timeout);
      }
      this.stopTimeout = timeout;
      return this;
    }

    /** How many conversations are kept (the least recently used go first); 1 to 1,000,000, default 1000. */
    public Builder maxSessions(int sessions) {
      this.maxSessions = inRange(sessions, 1, 1_000_000, "max sessions");
      return this;
    }

    /**
     * Another origin (such as {@code https://ide.example}) whose pages may open the WebSocket; the
     * server's own origin is always allowed. Clients that send no {@code Origin} (not browsers) pass.
     */
    public Builder allowOrigin(String origin) {
      requireNonNull(origin, "origin");
      URI uri = URI.create(origin.strip());
      if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        throw new IllegalArgumentException("an origin is scheme://host[:port] with no path: " + origin);
      }
      allowedOrigins.add(origin.strip().toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /** Something to close after the runs have ended on stop (the memory, a trajectory store). */
    public Builder closeOnStop(AutoCloseable resource) {
      closeOnStop.add(requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Builds the server (not started).
     *
     * @throws IllegalStateException when no agent factory was set, or neither a token nor a data directory
     */
    public AgentServer build() {
      if (factory == null) {
        throw new IllegalStateException("an agent factory is required: call agentFactory(...)");
      }
      if (token == null && dataDir == null) {
        throw new IllegalStateException("set token(...) or dataDir(...) (where the generated token is kept)");
      }
      return new AgentServer(new ServerSettings(factory, host, port, token, dataDir, memory, art, maxBodyBytes,
          maxQueuedRuns, maxConcurrentReadOnlyRuns, approvalTimeout, heartbeat, stopTimeout, maxSessions,
          Set.copyOf(allowedOrigins), List.copyOf(closeOnStop), pricing, tokenBatchDelay));
    }

    private static int inRange(int value, int min, int max, String name) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
      }
      return value;
    }

  }

  /**
   * Builds the agents the server runs. The server calls it once per conversation (and once at start, to
   * learn the workspace) and passes the {@link Approver} that asks the client behind that conversation;
   * the factory must set it on the agent (or a stricter one, such as {@link Approver#denyAll()}). Every
   * agent it returns must work in the same workspace: the workspace is fixed when the server starts and
   * no client can choose another.
   *
   * <pre>{@code
   * AgentFactory factory = approver -> RustExpert.builder()
   *     .chatModel(model).tools(ToolRegistry.discover())
   *     .workspace(Path.of("my-crate")).approver(approver).build();
   * }</pre>
   */
  @FunctionalInterface
  public interface AgentFactory {

    /** Returns an agent whose calls marked ASK go to {@code approver}. Called from several threads. */
    Agent create(Approver approver);
  }
}
