package dev.rustagent.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rustagent.testkit.AnthropicWireFormat.Event;
import dev.rustagent.testkit.FakeResponse.ApiError;
import dev.rustagent.testkit.FakeResponse.Delayed;
import dev.rustagent.testkit.FakeResponse.Message;
import dev.rustagent.testkit.FakeResponse.StreamFault;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP server that speaks the Anthropic Messages API wire format, for testing code that
 * talks to Claude (or to a Claude proxy such as CLIProxyAPI) through a real HTTP client.
 *
 * <p>It serves {@code POST /v1/messages} (JSON, or SSE when the request says {@code "stream": true}),
 * {@code POST /v1/messages/count_tokens} and {@code GET /v1/models}, plus the OpenAI-compatible
 * {@code POST /v1/chat/completions} that proxies such as CLIProxyAPI also serve. Tests script the answers to
 * {@code /v1/messages} with a queue ({@link #enqueue(FakeResponse...)}) and, once the queue is empty, a
 * function of the request ({@link #respondWith(Function)}); every request is recorded
 * ({@link #requests()}). Failures come on cue as {@link FakeResponse}s: 429 with {@code retry-after},
 * 529, 500, an error event or a dropped connection mid-stream, a slow response.
 *
 * <pre>{@code
 * try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
 *   server.enqueue(FakeResponse.toolUse("toolu_1", "cargo_check", "{}"), FakeResponse.text("Fixed."));
 *   // point the client at server.baseUrl()
 * }
 * }</pre>
 *
 * <p>Thread-safe. The server binds 127.0.0.1 on an ephemeral port and handles requests concurrently.
 */
public final class FakeAnthropicServer implements AutoCloseable {
  /** The model id reported when a script names none. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-6";

  private static final Logger LOG = LoggerFactory.getLogger(FakeAnthropicServer.class);

  static {
    // Without TCP_NODELAY the JDK server's small writes meet the client's delayed ACKs and every
    // exchange takes about 40 ms more; the property is read once, when the JDK server first starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Deque<FakeResponse> queue = new ConcurrentLinkedDeque<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final PromptCacheModel promptCache = new PromptCacheModel();
  private volatile Clock clock = Clock.systemUTC();
  private volatile long retryNotBeforeMillis;
  private volatile Function<RecordedRequest, FakeResponse> fallback;
  private volatile List<String> models = List.of(DEFAULT_MODEL, "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001");
  private volatile String requiredApiKey;
  private volatile ApiError countTokensError;

  private FakeAnthropicServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-anthropic-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port.
   *
   * @throws IllegalStateException when no loopback port can be bound
   */
  public static FakeAnthropicServer start() {
    try {
      return new FakeAnthropicServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start FakeAnthropicServer on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /** The base URL without the {@code /v1} suffix, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Adds answers for the next {@code /v1/messages} requests, in order. */
  public FakeAnthropicServer enqueue(FakeResponse... responses) {
    for (FakeResponse response : responses) {
      queue.add(requireNonNull(response, "response"));
    }
    return this;
  }

  /** How to answer {@code /v1/messages} once the queue is empty. */
  public FakeAnthropicServer respondWith(Function<RecordedRequest, FakeResponse> script) {
    this.fallback = requireNonNull(script, "script");
    return this;
  }

  /**
   * Requires this key as {@code x-api-key} or {@code Authorization: Bearer}; other requests get 401
   * {@code Missing API key} or {@code Invalid API key}. Without it (the default) every request passes,
   * like a proxy with no keys configured.
   */
  public FakeAnthropicServer requireApiKey(String apiKey) {
    this.requiredApiKey = requireNonNull(apiKey, "apiKey");
    return this;
  }

  /** The model ids {@code GET /v1/models} lists. */
  public FakeAnthropicServer models(String... ids) {
    this.models = List.of(ids);
    return this;
  }

  /** Answers every {@code /v1/messages/count_tokens} request with this error (e.g. 404 on old proxies). */
  public FakeAnthropicServer failCountTokens(ApiError error) {
    this.countTokensError = requireNonNull(error, "error");
    return this;
  }

  /**
   * The clock the server keeps time by: the prompt cache's TTLs and the retry-after of errors that
   * {@linkplain ApiError#refusingEarlyRetry() refuse an early retry}. Default: the system clock.
   */
  public FakeAnthropicServer clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The {@code POST /v1/messages} requests received so far. */
  public List<RecordedRequest> messageRequests() {
    return requests.stream().filter(r -> r.path().equals("/v1/messages")).toList();
  }

  /** How many scripted answers are still queued. */
  public int pendingResponses() {
    return queue.size();
  }

  /** Stops the server at once, dropping open connections. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
      requests.add(request);
      Optional<FakeResponse> authFailure = checkAuth(request);
      if (authFailure.isPresent()) {
        FakeExchanges.sendRaw(exchange, (FakeResponse.RawBody) authFailure.get());
        return;
      }
      String route = request.method() + " " + request.path();
      switch (route) {
        case "GET /v1/models" ->
            FakeExchanges.sendJson(exchange, 200, FakeExchanges.modelsJson(models, exchange.getRequestURI().getRawQuery()));
        case "POST /v1/messages/count_tokens" -> countTokens(exchange, request);
        case "POST /v1/messages" -> messages(exchange, request);
        case "POST /v1/chat/completions" -> chatCompletions(exchange, request);
        default -> {
          if (request.method().equals("GET") && request.path().startsWith("/v1/models/")) {
            FakeExchanges.model(exchange, models, request.path().substring("/v1/models/".length()));
          } else {
            FakeExchanges.sendError(exchange, FakeResponse.error(404, "not_found_error", "Not found: " + route));
          }
        }
      }
      exchange.close();
    } catch (FakeExchanges.ConnectionDrop drop) {
      // Leaving the exchange open and throwing makes the JDK server close the socket mid-response.
      throw drop;
    } catch (IOException | RuntimeException e) {
      LOG.debug("fake Anthropic server: exchange ended early: {}", e.toString());
      exchange.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    }
  }

  /** CLIProxyAPI's answer to a missing or wrong key: 401 with {@code {"error":"..."}}. */
  private Optional<FakeResponse> checkAuth(RecordedRequest request) {
    String required = requiredApiKey;
    if (required == null) {
      return Optional.empty();
    }
    Optional<String> given = request.apiKey();
    if (given.isEmpty() || given.get().isBlank()) {
      return Optional.of(FakeResponse.rawBody(401, "application/json", "{\"error\":\"Missing API key\"}"));
    }
    if (!given.get().equals(required)) {
      return Optional.of(FakeResponse.rawBody(401, "application/json", "{\"error\":\"Invalid API key\"}"));
    }
    return Optional.empty();
  }

  private void countTokens(HttpExchange exchange, RecordedRequest request) throws IOException {
    ApiError error = countTokensError;
    if (error != null) {
      FakeExchanges.sendError(exchange, error);
      return;
    }
    Optional<String> invalid = validateMessagesRequest(request, false);
    if (invalid.isPresent()) {
      FakeExchanges.sendError(exchange, FakeResponse.error(400, "invalid_request_error", invalid.get()));
      return;
    }
    FakeExchanges.sendJson(exchange, 200, AnthropicWireFormat.JSON.createObjectNode()
        .put("input_tokens", PromptCacheModel.countTokens(request.json())).toString());
  }

  private void messages(HttpExchange exchange, RecordedRequest request) throws IOException, InterruptedException {
    Optional<String> invalid = validateMessagesRequest(request, true);
    if (invalid.isPresent()) {
      FakeExchanges.sendError(exchange, FakeResponse.error(400, "invalid_request_error", invalid.get()));
      return;
    }
    long wait = retryNotBeforeMillis - clock.millis();
    if (wait > 0) {
      long seconds = (wait + 999) / 1000;
      FakeExchanges.sendError(exchange, FakeResponse.error(429, "rate_limit_error", "Retried before the retry-after of the "
          + "previous 429 had passed; wait " + seconds + " s").withHeader("retry-after", Long.toString(seconds)));
      return;
    }
    FakeResponse response = queue.poll();
    if (response == null) {
      Function<RecordedRequest, FakeResponse> script = fallback;
      response = script == null ? null : script.apply(request);
    }
    if (response == null) {
      FakeExchanges.sendError(exchange, FakeResponse.error(500, "api_error",
          "FakeAnthropicServer has no scripted response for request #" + messageRequests().size()));
      return;
    }
    respond(exchange, request, response);
  }

  /**
   * The proxy's OpenAI-compatible API, scripted by the same queue: messages become
   * {@code chat.completion}s (or chunk streams ending in {@code [DONE]}), errors get the OpenAI error
   * body, a dropped connection drops; other stream faults are not modelled there.
   */
  private void chatCompletions(HttpExchange exchange, RecordedRequest request)
      throws IOException, InterruptedException {
    JsonNode json = request.json();
    if (json == null || !json.path("model").isTextual() || !json.path("messages").isArray()) {
      FakeExchanges.sendOpenAiError(exchange, FakeResponse.error(400, "invalid_request_error", "model and messages are required"));
      return;
    }
    FakeResponse response = queue.poll();
    if (response == null) {
      Function<RecordedRequest, FakeResponse> script = fallback;
      response = script == null ? null : script.apply(request);
    }
    while (response instanceof Delayed delayed) {
      Thread.sleep(delayed.delay().toMillis());
      response = delayed.response();
    }
    if (response == null) {
      FakeExchanges.sendOpenAiError(exchange, FakeResponse.error(500, "api_error",
          "FakeAnthropicServer has no scripted response for this chat completion"));
    } else if (response instanceof ApiError error) {
      FakeExchanges.sendOpenAiError(exchange, error);
    } else if (response instanceof FakeResponse.RawBody raw) {
      FakeExchanges.sendRaw(exchange, raw);
    } else if (response instanceof Message message) {
      String id = "chatcmpl-" + FakeExchanges.randomId();
      int input = message.inputTokens() >= 0 ? message.inputTokens() : PromptCacheModel.countTokens(json);
      String model = modelOf(message, request);
      if (json.path("stream").asBoolean(false)) {
        exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String chunk : AnthropicWireFormat.openAiChunks(message, id, model, input)) {
          out.write(("data: " + chunk + "\n\n").getBytes(UTF_8));
          out.flush();
        }
        out.close();
      } else {
        FakeExchanges.sendJson(exchange, 200, AnthropicWireFormat.openAiCompletionJson(message, id, model, input));
      }
    } else if (response instanceof StreamFault fault && fault.kind() == StreamFault.Kind.DROP_CONNECTION) {
      FakeExchanges.dropAfter(exchange, "text/event-stream", new byte[0]);
    } else {
      FakeExchanges.sendOpenAiError(exchange, FakeResponse.error(500, "api_error",
          "FakeAnthropicServer does not model " + response.getClass().getSimpleName() + " on the OpenAI API"));
    }
  }

  private void respond(HttpExchange exchange, RecordedRequest request, FakeResponse response)
      throws IOException, InterruptedException {
    if (response instanceof Delayed delayed) {
      Thread.sleep(delayed.delay().toMillis());
      respond(exchange, request, delayed.response());
    } else if (response instanceof ApiError error) {
      if (error.refuseEarlyRetry()) {
        error.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("retry-after")).findFirst()
            .ifPresent(h -> retryNotBeforeMillis = clock.millis() + retryAfterMillis(h.getValue()));
      }
      FakeExchanges.sendError(exchange, error);
    } else if (response instanceof FakeResponse.RawBody raw) {
      FakeExchanges.sendRaw(exchange, raw);
    } else if (response instanceof Message message) {
      if (request.streaming()) {
        FakeExchanges.stream(exchange, events(message, request), Integer.MAX_VALUE, null);
      } else {
        FakeExchanges.sendJson(exchange, 200, AnthropicWireFormat.messageJson(message, FakeExchanges.nextId(), modelOf(message, request),
            usage(message, request)));
      }
    } else if (response instanceof StreamFault fault) {
      sendFault(exchange, request, fault);
    }
  }

  private void sendFault(HttpExchange exchange, RecordedRequest request, StreamFault fault) throws IOException {
    if (!request.streaming()) {
      String json = AnthropicWireFormat.messageJson(fault.message(), FakeExchanges.nextId(), modelOf(fault.message(), request),
          usage(fault.message(), request));
      switch (fault.kind()) {
        case DROP_CONNECTION, NO_MESSAGE_STOP, MALFORMED_EVENT -> FakeExchanges.dropAfter(exchange, "application/json",
            json.substring(0, json.length() / 2).getBytes(UTF_8));
        case STALL -> FakeExchanges.stall(exchange, "application/json", json.substring(0, json.length() / 2).getBytes(UTF_8));
        case ERROR_EVENT -> FakeExchanges.sendError(exchange, FakeResponse.error(500, fault.errorType(), fault.errorMessage()));
      }
      return;
    }
    List<Event> events = events(fault.message(), request);
    switch (fault.kind()) {
      case NO_MESSAGE_STOP -> FakeExchanges.stream(exchange, events.subList(0, events.size() - 1), Integer.MAX_VALUE, null);
      case ERROR_EVENT -> {
        String data = AnthropicWireFormat.errorJson(fault.errorType(), fault.errorMessage(), Map.of(), FakeExchanges.requestId());
        FakeExchanges.stream(exchange, events, fault.afterEvents(), new Event("error", data));
      }
      case MALFORMED_EVENT -> {
        List<Event> withBadOne = new ArrayList<>(events);
        int at = Math.min(fault.afterEvents(), withBadOne.size());
        withBadOne.add(at, new Event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"o w"));
        FakeExchanges.stream(exchange, withBadOne, Integer.MAX_VALUE, null);
      }
      case DROP_CONNECTION -> {
        StringBuilder sent = new StringBuilder();
        events.stream().limit(fault.afterEvents()).forEach(e -> sent.append(e.render()));
        FakeExchanges.dropAfter(exchange, "text/event-stream", sent.toString().getBytes(UTF_8));
      }
      case STALL -> {
        StringBuilder sent = new StringBuilder();
        events.stream().limit(fault.afterEvents()).forEach(e -> sent.append(e.render()));
        FakeExchanges.stall(exchange, "text/event-stream", sent.toString().getBytes(UTF_8));
      }
    }
  }

  private List<Event> events(Message message, RecordedRequest request) {
    return AnthropicWireFormat.messageEvents(message, FakeExchanges.nextId(), modelOf(message, request), usage(message, request));
  }

  /** The scripted usage, or the request's tokens as the prompt cache splits them. */
  private PromptCacheModel.Usage usage(Message message, RecordedRequest request) {
    if (message.inputTokens() >= 0) {
      return new PromptCacheModel.Usage(message.inputTokens(), 0, 0);
    }
    return promptCache.usage(request.json(), modelOf(message, request), clock.millis());
  }

  /** The scripted model, else the one the request named (as the API reports the model it ran). */
  private static String modelOf(Message message, RecordedRequest request) {
    if (message.model() != null) {
      return message.model();
    }
    String asked = request.json().path("model").asText("");
    return asked.isEmpty() ? DEFAULT_MODEL : asked;
  }

  private static long retryAfterMillis(String value) {
    try {
      return Math.round(Double.parseDouble(value.strip()) * 1000);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Optional<String> validateMessagesRequest(RecordedRequest request, boolean needsMaxTokens) {
    JsonNode json;
    try {
      json = request.json();
    } catch (IllegalStateException e) {
      return Optional.of(e.getMessage());
    }
    if (json == null || !json.isObject()) {
      return Optional.of("request body must be a JSON object");
    }
    if (!json.path("model").isTextual()) {
      return Optional.of("model: Field required");
    }
    if (needsMaxTokens && !json.path("max_tokens").isIntegralNumber()) {
      return Optional.of("max_tokens: Field required");
    }
    if (!json.path("messages").isArray()) {
      return Optional.of("messages: Field required");
    }
    return Optional.empty();
  }

}
