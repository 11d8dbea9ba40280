package dev.rustagent.llm.claude;

import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;

/**
 * The HTTP client under langchain4j-anthropic (and langchain4j-open-ai) for talking to the proxy.
 * Unlike LangChain4j's JDK client it keeps the response headers of errors, so a 429's
 * {@code retry-after} reaches the agent's retry policy, and it throws {@link ModelException}s. For
 * Anthropic streams it also guards the event sequence (see {@link StreamGuard}).
 */
final class ProxyHttpClient implements HttpClient {
  private static final ObjectMapper JSON = CoreJson.MAPPER;
  /** Daemon threads that read streams; idle ones end after a minute. */
  private static final ExecutorService STREAM_READERS =
      Executors.newCachedThreadPool(DaemonThreads.factory("claude-proxy-stream"));

  private final java.net.http.HttpClient http;
  private final Duration readTimeout;
  private final boolean anthropicStreams;
  private final Clock clock;
  private final PromptCache promptCache;

  private ProxyHttpClient(java.net.http.HttpClient http, Duration readTimeout, boolean anthropicStreams,
      Clock clock, PromptCache promptCache) {
    this.http = http;
    this.readTimeout = readTimeout;
    this.anthropicStreams = anthropicStreams;
    this.clock = clock;
    this.promptCache = promptCache;
  }

  /**
   * A builder that langchain4j model builders accept; timeouts set on it win over its defaults.
   * {@code caching} marks prompt-cache breakpoints on Anthropic Messages requests.
   */
  static Builder builder(Duration connectTimeout, Duration readTimeout, boolean anthropicStreams, Clock clock,
      PromptCaching caching) {
    PromptCache cache = anthropicStreams && caching != PromptCaching.OFF ? new PromptCache(JSON, caching) : null;
    return new Builder(connectTimeout, readTimeout, anthropicStreams, clock, cache);
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    String endpoint = endpoint(request);
    HttpResponse<InputStream> response;
    String body;
    try {
      response = http.send(toJdkRequest(request), BodyHandlers.ofInputStream());
      try (InputStream in = idleGuarded(response.body())) {
        body = new String(in.readAllBytes(), UTF_8);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(Kind.OTHER, "Interrupted while calling the proxy at " + endpoint, e);
    } catch (IOException e) {
      throw ProxyErrors.fromThrowable(e, endpoint);
    }
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      throw ProxyErrors.fromResponse(response.statusCode(), response.headers().map(), body, endpoint, clock);
    }
    if (anthropicStreams && isMessages(request)) {
      checkMessage(body, response.headers().firstValue("content-type").orElse(""), endpoint);
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(response.statusCode())
        .headers(response.headers().map())
        .body(body)
        .build();
  }

  /**
   * Checks that a 200 answer to {@code /v1/messages} is a message: JSON, an object, its content a list
   * whose tool inputs are objects. Anything else is a {@link Kind#PROTOCOL} error, named, not a
   * dropped connection. A message stopped by {@code model_context_window_exceeded} is
   * {@link Kind#CONTEXT_TOO_LARGE}.
   */
  static void checkMessage(String body, String contentType, String endpoint) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException notJson) {
      throw new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered 200 with a body that is not "
          + "JSON (content-type " + (contentType.isEmpty() ? "none" : contentType) + "): \""
          + ProxyErrors.abbreviate(body.strip(), 200) + "\"", 200, null, notJson);
    }
    if (json == null || !json.isObject() || !json.path("content").isArray()) {
      throw new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered 200 with JSON that is not "
          + "a message (no content list): " + ProxyErrors.abbreviate(String.valueOf(json), 200), 200, null, null);
    }
    for (JsonNode block : json.path("content")) {
      if ("tool_use".equals(block.path("type").asText()) && !block.path("input").isObject()) {
        throw new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered with a tool_use block for '"
            + block.path("name").asText() + "' whose input is not a JSON object: "
            + ProxyErrors.abbreviate(block.path("input").toString(), 200), 200, null, null);
      }
    }
    if ("model_context_window_exceeded".equals(json.path("stop_reason").asText())) {
      throw contextWindowExceeded();
    }
  }

  private static boolean isMessages(HttpRequest request) {
    return request.method() == dev.langchain4j.http.client.HttpMethod.POST && request.url().endsWith("/messages");
  }

  static ModelException contextWindowExceeded() {
    return new ModelException(Kind.CONTEXT_TOO_LARGE,
        "The model stopped because the conversation filled its context window "
            + "(stop_reason model_context_window_exceeded)");
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    String endpoint = endpoint(request);
    java.net.http.HttpRequest jdkRequest;
    try {
      jdkRequest = toJdkRequest(request);
    } catch (RuntimeException e) {
      listener.onError(new ModelException(Kind.INVALID_REQUEST, "Cannot build the request to " + endpoint
          + ": " + e.getMessage(), e));
      return;
    }
    STREAM_READERS.execute(() -> stream(jdkRequest, endpoint, parser, listener));
  }

  /** Sends and reads one SSE response on a reader thread: one hand-off, then blocking I/O as a bare client does. */
  private void stream(java.net.http.HttpRequest jdkRequest, String endpoint, ServerSentEventParser parser,
      ServerSentEventListener listener) {
    HttpResponse<InputStream> response;
    try {
      response = http.send(jdkRequest, BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.onError(new ModelException(Kind.OTHER, "Interrupted while calling the proxy at " + endpoint, e));
      return;
    } catch (IOException | RuntimeException e) {
      listener.onError(ProxyErrors.fromThrowable(e, endpoint));
      return;
    }
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      String body = readQuietly(response.body());
      listener.onError(ProxyErrors.fromResponse(response.statusCode(), response.headers().map(), body,
          endpoint, clock));
      return;
    }
    String contentType = response.headers().firstValue("content-type").orElse("");
    if (anthropicStreams && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
      String body = readQuietly(response.body());
      listener.onError(new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered a streaming "
          + "request with 200 and content-type " + (contentType.isEmpty() ? "none" : contentType)
          + " instead of an event stream: \"" + ProxyErrors.abbreviate(body.strip(), 200) + "\"", 200, null, null));
      return;
    }
    listener.onOpen(SuccessfulHttpResponse.builder()
        .statusCode(response.statusCode())
        .headers(response.headers().map())
        .build());
    ServerSentEventListener target = anthropicStreams ? new StreamGuard(listener, endpoint) : listener;
    try (InputStream body = idleGuarded(response.body())) {
      parser.parse(body, target);
    } catch (IOException | RuntimeException e) {
      target.onError(e);
    }
    if (target instanceof StreamGuard guard) {
      guard.finish();
    } else {
      target.onClose();
    }
  }

  private InputStream idleGuarded(InputStream body) {
    return readTimeout == null ? body : new IdleTimeoutStream(body, readTimeout);
  }

  private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
    java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request.headers().forEach((name, values) -> {
      if (values != null) {
        values.forEach(value -> builder.header(name, value));
      }
    });
    String text = request.body();
    if (promptCache != null && text != null && isMessages(request)) {
      text = promptCache.mark(text);
    }
    BodyPublisher body = text == null ? BodyPublishers.noBody() : BodyPublishers.ofString(text);
    builder.method(request.method().name(), body);
    if (readTimeout != null) {
      builder.timeout(readTimeout);
    }
    return builder.build();
  }

  private static String endpoint(HttpRequest request) {
    return request.method().name() + " " + request.url();
  }

  private static String readQuietly(InputStream body) {
    try (body) {
      return new String(body.readAllBytes(), UTF_8);
    } catch (IOException e) {
      return "(could not read the error body: " + e.getMessage() + ")";
    }
  }

  /** Builds {@link ProxyHttpClient}s; langchain4j calls the timeout setters before {@link #build()}. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;
    private final boolean anthropicStreams;
    private final Clock clock;
    private final PromptCache promptCache;

    private Builder(Duration connectTimeout, Duration readTimeout, boolean anthropicStreams, Clock clock,
        PromptCache promptCache) {
      this.connectTimeout = connectTimeout;
      this.readTimeout = readTimeout;
      this.anthropicStreams = anthropicStreams;
      this.clock = clock;
      this.promptCache = promptCache;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      if (timeout != null) {
        this.connectTimeout = timeout;
      }
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      if (timeout != null) {
        this.readTimeout = timeout;
      }
      return this;
    }

    @Override
    public ProxyHttpClient build() {
      java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1);
      if (connectTimeout != null) {
        http.connectTimeout(connectTimeout);
      }
      return new ProxyHttpClient(http.build(), readTimeout, anthropicStreams, clock, promptCache);
    }
  }
}
