package dev.rustagent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javalin application: security checks, the REST routes, the WebSocket and the page's files. */
final class HttpFrontEnd {
  private static final Logger log = LoggerFactory.getLogger(HttpFrontEnd.class);
  private static final Set<String> QUERY_FIELDS = Set.of("prompt", "context", "max_tokens", "session_id", "read_only");
  private static final Set<String> SPAWN_FIELDS = Set.of("task", "context", "tools", "parent_run_id");
  private static final Set<String> ANSWER_FIELDS = Set.of("allow", "always");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Map<String, String> WEB_FILES = Map.of(
      "/", "web/index.html", "/app.js", "web/app.js", "/app.css", "web/app.css", "/openapi.json", "openapi.json");

  private final ServerSettings settings;
  private final RunManager runs;
  private final MemoryApi memory;
  private final String token;
  private final long startedAt = System.nanoTime();
  private final List<AgentServer.Route> routes = new ArrayList<>();
  private final Map<WsContext, WsConnection> connections = new ConcurrentHashMap<>();
  private final RestWait.Watch restClients = new RestWait.Watch();
  /** Sends each socket's buffered token text when its batch interval is up. */
  private final ScheduledExecutorService tokenFlusher =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("server-ws-flush"));
  private Javalin app;

  private HttpFrontEnd(ServerSettings settings, RunManager runs, String token) {
    this.settings = settings;
    this.runs = runs;
    this.token = token;
    this.memory = new MemoryApi(settings.memory(), settings.art(), runs);
  }

  static HttpFrontEnd start(ServerSettings settings, RunManager runs, String token) {
    HttpFrontEnd front = new HttpFrontEnd(settings, runs, token);
    front.app = Javalin.create(front::configure).start();
    return front;
  }

  int port() {
    return app.port();
  }

  List<AgentServer.Route> routes() {
    return List.copyOf(routes);
  }

  void stop() {
    connections.keySet().forEach(ctx -> {
      try {
        ctx.closeSession(1001, "server stopping");
      } catch (RuntimeException e) {
        log.debug("closing a websocket failed: {}", e.toString());
      }
    });
    app.stop();
    restClients.close();
    tokenFlusher.shutdownNow();
  }

  private void configure(JavalinConfig config) {
    config.jetty.host = settings.host();
    config.jetty.port = settings.port();
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.jetty.modifyWebSocketServletFactory(factory -> {
      factory.setMaxTextMessageSize(WsConnection.socketLimit(settings.maxBodyBytes()));
      factory.setMaxBinaryMessageSize(1024);
      factory.setIdleTimeout(settings.heartbeat().multipliedBy(4));
    });
    config.routes.before(this::guard);
    config.routes.exception(ApiException.class, (e, ctx) -> {
      if (e.retryAfterSeconds() != null) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      json(ctx, e.status(), new ApiViews.Error(e.getMessage()));
    });
    config.routes.exception(Exception.class, (e, ctx) -> {
      log.warn("{} {} failed", ctx.method(), ctx.path(), e);
      json(ctx, 500, new ApiViews.Error("internal error: " + e.getClass().getSimpleName()));
    });
    config.routes.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        json(ctx, 404, new ApiViews.Error("no such route: " + ctx.method() + " " + ctx.path()));
      }
    });
    config.routes.error(405, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        json(ctx, 405, new ApiViews.Error("method not allowed: " + ctx.method() + " " + ctx.path()));
      }
    });

    WEB_FILES.forEach((path, resource) -> route(config, HandlerType.GET, path, ctx -> serveFile(ctx, resource)));
    route(config, HandlerType.GET, "/health", ctx -> json(ctx, 200, health()));

    Handler query = this::query;
    route(config, HandlerType.POST, "/api/v1/query", query);
    route(config, HandlerType.POST, "/api/query", query);
    Handler patterns = ctx -> json(ctx, 200, memory.patterns(ctx.queryParam("q"), limit(ctx), offset(ctx)));
    route(config, HandlerType.GET, "/api/v1/patterns", patterns);
    route(config, HandlerType.GET, "/api/patterns", patterns);
    Handler conversations = ctx -> json(ctx, 200, memory.conversations(limit(ctx), offset(ctx)));
    route(config, HandlerType.GET, "/api/v1/conversations", conversations);
    route(config, HandlerType.GET, "/api/conversations", conversations);
    route(config, HandlerType.GET, "/api/v1/conversations/{id}",
        ctx -> json(ctx, 200, memory.conversation(ctx.pathParam("id"))));
    route(config, HandlerType.POST, "/api/v1/agent/spawn", this::spawn);
    route(config, HandlerType.GET, "/api/v1/agent/{id}/status", ctx -> json(ctx, 200, ApiViews.RunView.of(
        runs.run(ctx.pathParam("id")).orElseThrow(() -> unknownAgent(ctx.pathParam("id"))))));
    route(config, HandlerType.DELETE, "/api/v1/agent/{id}", this::cancel);
    route(config, HandlerType.GET, "/api/v1/agents", ctx -> json(ctx, 200, Map.of("items",
        runs.runs(ServerRun.Kind.HELPER, limit(ctx)).stream().map(ApiViews.RunView::of).toList())));
    route(config, HandlerType.POST, "/api/v1/learn", ctx -> json(ctx, 201, memory.learn(body(ctx))));
    route(config, HandlerType.GET, "/api/v1/metrics", ctx -> json(ctx, 200, metrics()));
    route(config, HandlerType.GET, "/api/v1/health", ctx -> json(ctx, 200, health()));
    route(config, HandlerType.GET, "/api/v1/knowledge", ctx -> json(ctx, 200, memory.knowledge()));
    route(config, HandlerType.GET, "/api/v1/info", ctx -> json(ctx, 200, new ApiViews.Info(
        runs.workspace().toString(), runs.toolNames(), runs.mayModify(), settings.memory() != null)));
    route(config, HandlerType.GET, "/api/v1/approvals", ctx -> json(ctx, 200, Map.of("items",
        runs.approvals().list().stream().map(ApiViews.ApprovalView::of).toList())));
    route(config, HandlerType.POST, "/api/v1/approvals/{id}", this::answer);

    config.routes.wsBeforeUpgrade("/ws", this::guardWebSocket);
    config.routes.ws("/ws", ws -> {
      ws.onConnect(ctx -> {
        ctx.enableAutomaticPings(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        connections.put(ctx, new WsConnection(ctx, runs, settings.maxBodyBytes(), tokenFlusher,
            settings.tokenBatchDelay().toNanos()));
      });
      ws.onMessage(ctx -> {
        WsConnection connection = connections.get(ctx);
        if (connection != null) {
          connection.onMessage(ctx.message());
        }
      });
      ws.onClose(ctx -> {
        WsConnection connection = connections.remove(ctx);
        if (connection != null) {
          connection.onClose();
        }
      });
      ws.onError(ctx -> {
        WsConnection connection = connections.remove(ctx);
        if (connection != null) {
          connection.onClose();
        }
      });
    });
  }

  private void route(JavalinConfig config, HandlerType method, String path, Handler handler) {
    config.routes.addHttpHandler(method, path, handler);
    routes.add(new AgentServer.Route(method.name(), path));
  }

  /** Bearer token on /api, body cap everywhere, no caching of API answers. */
  private void guard(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/api/") || path.equals("/api")) {
      String header = ctx.header("Authorization");
      String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
          ? header.substring(7).strip() : null;
      if (!ServerToken.matches(token, presented)) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(401, presented == null
            ? "missing bearer token (send 'Authorization: Bearer TOKEN'; the token is in the printed link)"
            : "wrong bearer token");
      }
      ctx.header("Cache-Control", "no-store");
    }
    long length = ctx.req().getContentLengthLong();
    if (length > settings.maxBodyBytes()) {
      throw new ApiException(413, "the request body has " + length + " bytes; at most " + settings.maxBodyBytes()
          + " are accepted");
    }
    ctx.header("X-Content-Type-Options", "nosniff");
  }

  /** The WebSocket needs the token (header or {@code ?token=}) and, from a browser, our own origin. */
  private void guardWebSocket(Context ctx) {
    String header = ctx.header("Authorization");
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).strip() : ctx.queryParam("token");
    if (!ServerToken.matches(token, presented)) {
      throw new ApiException(401, presented == null ? "missing token" : "wrong token");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !originAllowed(origin)) {
      log.warn("websocket from origin {} refused", origin);
      throw new ApiException(403, "origin " + origin + " may not open this websocket");
    }
  }

  boolean originAllowed(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    if (settings.allowedOrigins().contains(o)) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(o);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!"http".equals(uri.getScheme()) || uri.getPort() != port()) {
      return false;
    }
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    String bound = settings.host().toLowerCase(Locale.ROOT);
    boolean loopbackBound = bound.equals("127.0.0.1") || bound.equals("localhost") || bound.equals("::1")
        || bound.equals("[::1]");
    return host.equals(bound) || (loopbackBound && (host.equals("127.0.0.1") || host.equals("localhost")
        || host.equals("[::1]")));
  }

  private void query(Context ctx) {
    ObjectNode node = Json.object(body(ctx), QUERY_FIELDS);
    String prompt = Json.requiredText(node, "prompt");
    ServerRun run = runs.submit(new RunManager.RunSpec(ServerRun.Kind.QUERY,
        Requests.task(prompt, Json.optionalText(node, "context")), Json.optionalText(node, "session_id"),
        Json.optionalBoolean(node, "read_only", false), Json.optionalInt(node, "max_tokens", 1, 1_000_000), null, null),
        RunChannel.REST);
    RestWait wait = restClients.watch(ctx, run);
    ctx.future(() -> run.result().handle((result, failure) -> {
      wait.finish();
      if (result != null) {
        json(ctx, 200, ApiViews.QueryResponse.of(run, result));
      } else {
        json(ctx, 200, new ApiViews.QueryResponse("", List.of(), 0, 0, run.state(), run.sessionId(), run.id(),
            run.error()));
      }
      return null;
    }));
  }

  private void spawn(Context ctx) {
    ObjectNode node = Json.object(body(ctx), SPAWN_FIELDS);
    String task = Json.requiredText(node, "task");
    Set<String> tools = null;
    if (node.has("tools") && !node.get("tools").isNull()) {
      if (!node.get("tools").isArray()) {
        throw ApiException.badRequest("'tools' must be an array of tool names");
      }
      tools = new TreeSet<>();
      for (var name : node.get("tools")) {
        if (!name.isTextual()) {
          throw ApiException.badRequest("'tools' must be an array of tool names");
        }
        tools.add(name.asText());
      }
    }
    String parentAgentRunId = null;
    String parentId = Json.optionalText(node, "parent_run_id");
    if (parentId != null) {
      ServerRun parent = runs.run(parentId).orElseThrow(() -> ApiException.notFound("unknown parent_run_id '"
          + parentId + "'"));
      parentAgentRunId = parent.agentRunId();
      if (parentAgentRunId == null) {
        throw new ApiException(409, "run '" + parentId + "' has not started yet; spawn its helper once it runs");
      }
    }
    ServerRun run = runs.submit(new RunManager.RunSpec(ServerRun.Kind.HELPER,
        Requests.task(task, Json.optionalText(node, "context")), null, false, null, tools, parentAgentRunId),
        RunChannel.REST);
    json(ctx, 202, new ApiViews.Spawned(run.id(), run.state(), run.queuePosition()));
  }

  private void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    ServerRun run = runs.run(id).orElseThrow(() -> unknownAgent(id));
    run.cancellation().cancel();
    json(ctx, 202, new ApiViews.Cancelled(run.id(), run.isDone() ? run.state() : "cancelling"));
  }

  private void answer(Context ctx) {
    String id = ctx.pathParam("id");
    ObjectNode node = Json.object(body(ctx), ANSWER_FIELDS);
    if (!node.has("allow")) {
      throw ApiException.badRequest("'allow' is required");
    }
    boolean allow = Json.optionalBoolean(node, "allow", false);
    boolean always = Json.optionalBoolean(node, "always", false);
    if (!runs.answer(id, allow, always)) {
      throw ApiException.notFound("unknown approval id '" + id + "' (answered, expired or never asked)");
    }
    json(ctx, 200, new ApiViews.ApprovalAnswered(id, allow, always));
  }

  private static ApiException unknownAgent(String id) {
    return ApiException.notFound("unknown agent id '" + id + "'");
  }

  private ApiViews.Health health() {
    return new ApiViews.Health("ok", Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), runs.activeRuns(),
        runs.queueLength());
  }

  private ApiViews.Metrics metrics() {
    Map<String, ApiViews.LatencyView> latency = new LinkedHashMap<>();
    runs.latency().snapshot().forEach((type, stats) -> latency.put(type, ApiViews.LatencyView.of(stats)));
    Map<String, Long> outcomes = runs.outcomes();
    long total = outcomes.values().stream().mapToLong(Long::longValue).sum();
    long completed = outcomes.getOrDefault("completed", 0L);
    return new ApiViews.Metrics(latency,
        new ApiViews.Quality(total, completed, total == 0 ? null : (double) completed / total, outcomes,
            memory.feedbackHelpful(), memory.feedbackUnhelpful()),
        memory.learning(),
        new ApiViews.ServerState(runs.activeRuns(), runs.queueLength(), runs.sessionCount(),
            runs.approvals().list().size()),
        runs.tokens().view());
  }

  private static int limit(Context ctx) {
    return intParam(ctx, "limit", 20, 1, 200);
  }

  private static int offset(Context ctx) {
    return intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be an integer from " + min + " to " + max);
    }
  }

  /** The body as UTF-8, read up to the cap (bodies without a length are counted as they arrive). */
  private String body(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > settings.maxBodyBytes()) {
          throw new ApiException(413, "the request body is over " + settings.maxBodyBytes() + " bytes");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  private final Map<String, byte[]> fileCache = new ConcurrentHashMap<>();

  private void serveFile(Context ctx, String resource) {
    byte[] bytes = fileCache.computeIfAbsent(resource, r -> {
      try (InputStream in = HttpFrontEnd.class.getResourceAsStream(r)) {
        if (in == null) {
          throw new IllegalStateException("resource missing from the jar: " + r);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
        : resource.endsWith(".js") ? "text/javascript; charset=utf-8"
        : resource.endsWith(".css") ? "text/css; charset=utf-8" : "application/json";
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.status(200).contentType(type).result(bytes);
  }
}
