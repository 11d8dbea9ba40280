package dev.rustagent.llm.claude;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.rustagent.core.ModelException.Kind;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

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
  private final Map<String, URI> uris = new ConcurrentHashMap<>();

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
    PromptCache cache = anthropicStreams ? new PromptCache(JSON, caching) : null;
    return new Builder(connectTimeout, readTimeout, anthropicStreams, clock, cache);
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    String endpoint = endpoint(request);
    HttpResponse<byte[]> response;
    try {
      response = sendAndRead(toJdkRequest(request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(Kind.OTHER, "Interrupted while calling the proxy at " + endpoint, e);
    } catch (IOException e) {
      throw ProxyErrors.fromThrowable(e, endpoint);
    }
    String body = new String(response.body(), UTF_8);
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
   * Sends and reads the whole body with one hand-off to the caller, as a bare {@code send} does (a
   * blocking {@code InputStream} adds a second per response, {@code sendAsync} several). The JDK's
   * request timeout bounds the wait for the headers only; after them an {@link IdleWatch} interrupts
   * the call, which the JDK turns into a cancelled exchange, once no body data has arrived for the
   * read timeout, and the call fails with {@link HttpTimeoutException}.
   */
  private HttpResponse<byte[]> sendAndRead(java.net.http.HttpRequest jdkRequest)
      throws IOException, InterruptedException {
    if (readTimeout == null) {
      return http.send(jdkRequest, BodyHandlers.ofByteArray());
    }
    Thread caller = Thread.currentThread();
    IdleWatch watch = IdleWatch.start(readTimeout, caller::interrupt);
    try {
      return http.send(jdkRequest, info -> {
        watch.touch();
        return new IdleTrackingSubscriber(BodySubscribers.ofByteArray(), watch);
      });
    } catch (InterruptedException e) {
      if (watch.timedOut()) {
        throw new HttpTimeoutException("no data from the proxy for " + readTimeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      if (!watch.close()) {
        Thread.interrupted(); // the watchdog's interrupt was for the blocked call only
      }
    }
  }

  /** Notes the time of every body chunk (the headers' time is noted when they arrive), for {@link #sendAndRead}. */
  private record IdleTrackingSubscriber(BodySubscriber<byte[]> delegate, IdleWatch watch)
      implements BodySubscriber<byte[]> {
    @Override
    public CompletionStage<byte[]> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      watch.touch();
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }
  }

  /**
   * Checks that a 200 answer to {@code /v1/messages} is a message: JSON, an object, its content a list
   * whose tool inputs are objects. Anything else is a {@link Kind#PROTOCOL} error, named, not a
   * dropped connection. A message stopped by {@code model_context_window_exceeded} is
   * {@link Kind#CONTEXT_TOO_LARGE}.
   */
  static void checkMessage(String body, String contentType, String endpoint) {
    String stopReason = null;
    boolean content = false;
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken root = parser.nextToken();
      if (root == null) {
        throw new IOException("no JSON value");
      }
      if (root != JsonToken.START_OBJECT) {
        parser.skipChildren();
        throw notAMessage(body, endpoint);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("content") && value == JsonToken.START_ARRAY) {
          content = true;
          checkBlocks(parser, endpoint);
        } else if (field.equals("stop_reason") && value == JsonToken.VALUE_STRING) {
          stopReason = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException notJson) {
      throw new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered 200 with a body that is not "
          + "JSON (content-type " + (contentType.isEmpty() ? "none" : contentType) + "): \""
          + ProxyErrors.abbreviate(body.strip(), 200) + "\"", 200, null, notJson);
    }
    if (!content) {
      throw notAMessage(body, endpoint);
    }
    if ("model_context_window_exceeded".equals(stopReason)) {
      throw contextWindowExceeded();
    }
  }

  private static ModelException notAMessage(String body, String endpoint) {
    return new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered 200 with JSON that is not "
        + "a message (no content list): " + ProxyErrors.abbreviate(body.strip(), 200), 200, null, null);
  }

  /** Reads the content list; a tool_use block whose input is not an object fails the call. */
  private static void checkBlocks(JsonParser parser, String endpoint) throws IOException {
    for (JsonToken block = parser.nextToken(); block != JsonToken.END_ARRAY; block = parser.nextToken()) {
      if (block != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      String type = null;
      String name = "";
      boolean inputIsObject = false;
      String input = "missing";
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          type = parser.getText();
        } else if (field.equals("name") && value == JsonToken.VALUE_STRING) {
          name = parser.getText();
        } else if (field.equals("input")) {
          inputIsObject = value == JsonToken.START_OBJECT;
          input = inputIsObject ? "" : String.valueOf((JsonNode) parser.readValueAsTree());
          parser.skipChildren();
        } else {
          parser.skipChildren();
        }
      }
      if ("tool_use".equals(type) && !inputIsObject) {
        throw new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered with a tool_use block for '"
            + name + "' whose input is not a JSON object: " + ProxyErrors.abbreviate(input, 200), 200,
            null, null);
      }
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
    java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri(request.url()));
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

  /** The parsed URI; the few endpoints a model calls are parsed once each. */
  private URI uri(String url) {
    URI known = uris.get(url);
    if (known != null) {
      return known;
    }
    URI parsed = URI.create(url);
    if (uris.size() < 16) {
      uris.putIfAbsent(url, parsed);
    }
    return parsed;
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
