package dev.rustagent.llm.claude;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.rustagent.core.ModelException.Kind;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;
import dev.rustagent.llm.claude.LlmConfig.Provider;
import dev.rustagent.tools.spi.internal.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to Claude through a local proxy such as CLIProxyAPI
 * ({@code http://localhost:8317} by default), which serves the Anthropic Messages API and an
 * OpenAI-compatible API. Hands out LangChain4j {@link ChatModel} and {@link StreamingChatModel}s built
 * on langchain4j-anthropic (or langchain4j-open-ai, by {@link Provider}), checks the proxy
 * ({@link #check()}) and counts tokens ({@link #countTokens(List)}).
 *
 * <p>Every failure of the models it hands out is a {@link ModelException} whose {@link Kind} tells the
 * agent's resilience what to do: 429 (also CLIProxyAPI's {@code model_cooldown}) is
 * {@link Kind#RATE_LIMITED} with the server's delay in {@link ModelException#retryAfter()}; 529 is
 * {@link Kind#OVERLOADED}; 5xx {@link Kind#SERVER}; a prompt too long for the context window
 * {@link Kind#CONTEXT_TOO_LARGE}; 401/403 {@link Kind#AUTHENTICATION}; nothing listening
 * {@link Kind#UNAVAILABLE}; a stream that breaks off or ends without {@code message_stop}
 * {@link Kind#STREAM_INTERRUPTED}. The models do not retry by themselves: retrying is the agent's job.
 *
 * <pre>{@code
 * ClaudeProxy proxy = ClaudeProxy.fromConfig(LlmConfig.load(Path.of("rust-agent.toml")));
 * ProxyStatus status = proxy.check();
 * ChatModel model = proxy.chatModel();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the models it hands out are too.
 */
public final class ClaudeProxy {
  /** The Anthropic API version sent in {@code anthropic-version}. */
  public static final String ANTHROPIC_VERSION = "2023-06-01";

  private static final Logger LOG = LoggerFactory.getLogger(ClaudeProxy.class);
  /** The default endpoint: CLIProxyAPI on its default port. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:8317";
  /** The default model. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-6";
  /** Sent when no key is configured: a proxy without keys lets every request through. */
  private static final String NO_KEY = "rust-agent-no-key";

  private final Provider provider;
  private final String baseUrl;
  private final String model;
  private final int maxTokens;
  private final double temperature;
  private final boolean streaming;
  private final String apiKey;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration cacheTtl;
  private final PromptCaching promptCaching;
  private final Clock clock;
  private final Optional<String> lifecycleWarning;

  private ClaudeProxy(Builder builder) {
    this.provider = builder.provider;
    this.baseUrl = builder.baseUrl;
    this.model = builder.model;
    this.maxTokens = builder.maxTokens;
    this.temperature = builder.temperature;
    this.streaming = builder.streaming;
    this.apiKey = builder.apiKey;
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.cacheTtl = builder.cacheTtl;
    this.promptCaching = builder.promptCaching;
    this.clock = builder.clock;
    this.lifecycleWarning = ModelLifecycle.warning(model, clock);
    lifecycleWarning.ifPresent(LOG::warn);
  }

  /** A builder with the defaults: localhost:8317, claude-sonnet-4-6, 4096 tokens, 0.7, streaming on. */
  public static Builder builder() {
    return new Builder();
  }

  /** A proxy configured by the {@code [llm]} section ({@link LlmConfig}). */
  public static ClaudeProxy fromConfig(LlmConfig config) {
    requireNonNull(config, "config");
    Builder builder = builder()
        .provider(config.provider())
        .baseUrl(config.apiEndpoint())
        .model(config.model())
        .maxTokens(config.maxTokens())
        .temperature(config.temperature())
        .streaming(config.streaming())
        .requestTimeout(config.timeout())
        .cacheTtl(config.cacheTtl())
        .promptCaching(config.promptCaching());
    if (!config.apiKey().isBlank()) {
      builder.apiKey(config.apiKey());
    }
    return builder.build();
  }

  /** A builder holding this proxy's settings, to derive a changed copy. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.provider = provider;
    builder.baseUrl = baseUrl;
    builder.model = model;
    builder.maxTokens = maxTokens;
    builder.temperature = temperature;
    builder.streaming = streaming;
    builder.apiKey = apiKey;
    builder.connectTimeout = connectTimeout;
    builder.requestTimeout = requestTimeout;
    builder.cacheTtl = cacheTtl;
    builder.promptCaching = promptCaching;
    builder.clock = clock;
    return builder;
  }

  /** The base URL without {@code /v1}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The model id. */
  public String model() {
    return model;
  }

  /** Which API is spoken. */
  public Provider provider() {
    return provider;
  }

  /** Whether and how long prompt-cache breakpoints keep the prefix. */
  public PromptCaching promptCaching() {
    return promptCaching;
  }

  /** Whether the agent should use {@link #streamingChatModel()}. */
  public boolean streaming() {
    return streaming;
  }

  /** A warning when the model is retired or retires soon (also logged when the proxy is built). */
  public Optional<String> lifecycleWarning() {
    return lifecycleWarning;
  }

  /** A new blocking chat model. */
  public ChatModel chatModel() {
    Cache<ChatRequest, ChatResponse> cache = cacheTtl.isZero() ? null
        : Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(1_000).build();
    ChatModel delegate = switch (provider) {
      case ANTHROPIC -> AnthropicChatModel.builder()
          .httpClientBuilder(httpClientBuilder())
          .baseUrl(apiBase())
          .apiKey(effectiveKey())
          .version(ANTHROPIC_VERSION)
          .modelName(model)
          .maxTokens(maxTokens)
          .temperature(temperature)
          .maxRetries(0)
          .build();
      case OPENAI -> OpenAiChatModel.builder()
          .httpClientBuilder(httpClientBuilder())
          .baseUrl(apiBase())
          .apiKey(effectiveKey())
          .modelName(model)
          .maxTokens(maxTokens)
          .temperature(temperature)
          .maxRetries(0)
          .build();
    };
    return new ClaudeChatModel(delegate, baseUrl, cache);
  }

  /** A new streaming chat model. */
  public StreamingChatModel streamingChatModel() {
    StreamingChatModel delegate = switch (provider) {
      case ANTHROPIC -> AnthropicStreamingChatModel.builder()
          .httpClientBuilder(httpClientBuilder())
          .baseUrl(apiBase())
          .apiKey(effectiveKey())
          .version(ANTHROPIC_VERSION)
          .modelName(model)
          .maxTokens(maxTokens)
          .temperature(temperature)
          .build();
      case OPENAI -> OpenAiStreamingChatModel.builder()
          .httpClientBuilder(httpClientBuilder())
          .baseUrl(apiBase())
          .apiKey(effectiveKey())
          .modelName(model)
          .maxTokens(maxTokens)
          .temperature(temperature)
          .build();
    };
    return new ClaudeStreamingChatModel(delegate, baseUrl);
  }

  /**
   * Counts the input tokens of {@code messages} with the proxy's {@code /v1/messages/count_tokens};
   * when that fails (old proxy, OpenAI mode, proxy down) falls back to
   * {@link HeuristicTokenCountEstimator}, marked {@link TokenCount#exact() inexact}.
   */
  public TokenCount countTokens(List<ChatMessage> messages) {
    requireNonNull(messages, "messages");
    if (provider == Provider.ANTHROPIC) {
      try {
        return new TokenCount(remoteEstimator().estimateTokenCountInMessages(messages), true);
      } catch (RuntimeException e) {
        LOG.debug("count_tokens failed, estimating locally: {}", e.toString());
      }
    }
    return new TokenCount(HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInMessages(messages), false);
  }

  /**
   * A {@link TokenCountEstimator} for the agent's context budget
   * ({@code Agent.Builder.tokenCountEstimator}): each message is counted once with the proxy's
   * {@code count_tokens} and remembered, so a growing conversation costs one count per new message;
   * where the proxy has no such endpoint (or in OpenAI mode) it is
   * {@link HeuristicTokenCountEstimator}. Thread-safe.
   */
  public TokenCountEstimator tokenCountEstimator() {
    if (provider != Provider.ANTHROPIC) {
      return HeuristicTokenCountEstimator.INSTANCE;
    }
    return new CountingEstimator(remoteEstimator());
  }

  private AnthropicTokenCountEstimator remoteEstimator() {
    return AnthropicTokenCountEstimator.builder()
        .httpClientBuilder(httpClientBuilder())
        .baseUrl(apiBase())
        .apiKey(effectiveKey())
        .version(ANTHROPIC_VERSION)
        .modelName(model)
        .addDummyUserMessageIfNoUserMessages()
        .build();
  }

  /**
   * Asks the proxy whether it is reachable, whether it accepts the key, which models it offers
   * ({@code GET /v1/models}) and whether it can route the configured model (a
   * {@code count_tokens} call, which generates nothing). Never throws for proxy problems: they are in
   * the returned status, with what to do about them.
   */
  public ProxyStatus check() {
    ProxyHttpClient http = httpClientBuilder().build();
    List<String> lines = new ArrayList<>();
    lifecycleWarning.ifPresent(lines::add);
    List<String> models = new ArrayList<>();
    try {
      String body = http.execute(request(HttpMethod.GET, "models", null)).body();
      for (JsonNode entry : CoreJson.MAPPER.readTree(body).path("data")) {
        if (entry.path("id").isTextual()) {
          models.add(entry.path("id").asText());
        }
      }
    } catch (ModelException e) {
      boolean reachable = e.statusCode().isPresent();
      boolean authenticated = reachable && e.kind() != Kind.AUTHENTICATION;
      lines.add(0, e.getMessage());
      return new ProxyStatus(baseUrl, reachable, authenticated, List.of(), model, String.join("\n", lines), e);
    } catch (IOException e) {
      ModelException failure = new ModelException(Kind.OTHER,
          "The proxy at " + baseUrl + " answered GET /v1/models with something that is not JSON", e);
      lines.add(0, failure.getMessage());
      return new ProxyStatus(baseUrl, true, true, List.of(), model, String.join("\n", lines), failure);
    }
    lines.add(0, "Proxy at " + baseUrl + " is reachable and accepts the key; it offers " + models.size()
        + " model(s)" + (models.isEmpty() ? "" : ": " + String.join(", ", models)));
    if (!models.isEmpty() && !models.contains(model)) {
      lines.add("The configured model " + model + " is not in that list (unless the proxy defines it as an "
          + "alias, requests will fail with model_not_found)");
    }
    if (provider == Provider.ANTHROPIC) {
      String probe = CoreJson.MAPPER.valueToTree(java.util.Map.of("model", model,
          "messages", List.of(java.util.Map.of("role", "user", "content", "ping")))).toString();
      try {
        http.execute(request(HttpMethod.POST, "messages/count_tokens", probe));
        lines.add("The proxy routes " + model + " to an upstream account");
      } catch (ModelException e) {
        if (e.statusCode().orElse(0) == 404 && e.kind() == Kind.INVALID_REQUEST
            && !e.getMessage().toLowerCase(Locale.ROOT).contains("model")) {
          lines.add("The proxy has no count_tokens endpoint; token counts will be estimated locally");
        } else {
          lines.add(e.getMessage());
          return new ProxyStatus(baseUrl, true, e.kind() != Kind.AUTHENTICATION, models, model,
              String.join("\n", lines), e);
        }
      }
    }
    return new ProxyStatus(baseUrl, true, true, models, model, String.join("\n", lines), null);
  }

  private HttpRequest request(HttpMethod method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.builder()
        .method(method)
        .url(apiBase(), path)
        .addHeader("x-api-key", effectiveKey())
        .addHeader("Authorization", "Bearer " + effectiveKey())
        .addHeader("anthropic-version", ANTHROPIC_VERSION);
    if (body != null) {
      request.addHeader("Content-Type", "application/json").body(body);
    }
    return request.build();
  }

  private ProxyHttpClient.Builder httpClientBuilder() {
    return ProxyHttpClient.builder(connectTimeout, requestTimeout, provider == Provider.ANTHROPIC, clock,
        promptCaching);
  }

  private String apiBase() { return baseUrl + "/v1/"; }

  private String effectiveKey() { return apiKey == null ? NO_KEY : apiKey; }

  @Override
  public String toString() {
    return "ClaudeProxy[" + provider + " " + baseUrl + " " + model + (apiKey == null ? "" : " key=***") + "]";
  }

  /** Builds a {@link ClaudeProxy}. Each setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private Provider provider = Provider.ANTHROPIC;
    private String baseUrl = DEFAULT_ENDPOINT;
    private String model = DEFAULT_MODEL;
    private int maxTokens = 4096;
    private double temperature = 0.7;
    private boolean streaming = true;
    private String apiKey;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(120);
    private Duration cacheTtl = Duration.ZERO;
    private PromptCaching promptCaching = PromptCaching.FIVE_MINUTES;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Which API to speak (default {@link Provider#ANTHROPIC}). */
    public Builder provider(Provider provider) {
      this.provider = requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The proxy's base URL, with or without a trailing {@code /v1} (default http://localhost:8317).
     *
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public Builder baseUrl(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl");
      String trimmed = baseUrl.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (trimmed.endsWith("/v1")) {
        trimmed = trimmed.substring(0, trimmed.length() - 3);
      }
      try {
        URI uri = new URI(trimmed);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL, got \"" + baseUrl + "\"");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("baseUrl is not a URL: " + e.getMessage(), e);
      }
      this.baseUrl = trimmed;
      return this;
    }

    /** The model id (default claude-sonnet-4-6). */
    public Builder model(String model) {
      requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.strip();
      return this;
    }

    /** The most tokens one answer may have (default 4096). */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** The sampling temperature, 0 to 2 (default 0.7; Anthropic accepts up to 1). */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0.0 && temperature <= 2.0)) {
        throw new IllegalArgumentException("temperature must be between 0 and 2: " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** Whether the agent should stream (default true). */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /** The key for the proxy; leave unset when the proxy has no keys configured. */
    public Builder apiKey(String apiKey) {
      requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank; leave it unset for a proxy without keys");
      }
      this.apiKey = apiKey.strip();
      return this;
    }

    /** How long connecting may take (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Durations.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long one request may take until the response starts (default 120 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Durations.positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long identical temperature-0 requests are answered from a cache (default zero: no cache). */
    public Builder cacheTtl(Duration cacheTtl) {
      requireNonNull(cacheTtl, "cacheTtl");
      if (cacheTtl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
      }
      this.cacheTtl = cacheTtl;
      return this;
    }

    /**
     * Whether Messages requests carry prompt-cache breakpoints (tools, system prompt, the conversation
     * so far) and with which TTL; default {@link PromptCaching#FIVE_MINUTES}. Only the Anthropic API
     * has them; the OpenAI-compatible API ignores this.
     */
    public Builder promptCaching(PromptCaching promptCaching) {
      this.promptCaching = requireNonNull(promptCaching, "promptCaching");
      return this;
    }

    /** The clock for retry-after dates and model retirement warnings (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The proxy. */
    public ClaudeProxy build() {
      return new ClaudeProxy(this);
    }
  }
}
