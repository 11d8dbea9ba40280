package dev.rustagent.llm.claude;

import com.github.benmanes.caffeine.cache.Cache;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.ModelException;
import java.util.List;
import java.util.Set;

/**
 * The {@link ChatModel} {@link ClaudeProxy} hands out: langchain4j's model (Anthropic or OpenAI
 * compatible) over {@link ProxyHttpClient}, whose every failure leaves as a {@link ModelException},
 * whose refusals and truncations are visible, and which answers identical requests at temperature 0
 * from an optional cache.
 */
final class ClaudeChatModel implements ChatModel {
  private final ChatModel delegate;
  private final String endpoint;
  private final Cache<ChatRequest, ChatResponse> cache;

  ClaudeChatModel(ChatModel delegate, String endpoint, Cache<ChatRequest, ChatResponse> cache) {
    this.delegate = delegate;
    this.endpoint = endpoint;
    this.cache = cache;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    // The delegate merges its defaults itself; merging here too is only needed for the answer cache's key.
    ChatRequest merged = cache == null ? request : ChatRequest.builder()
        .messages(request.messages())
        .parameters(delegate.defaultRequestParameters().overrideWith(request.parameters()))
        .build();
    boolean cacheable = cache != null && merged.parameters().temperature() != null
        && merged.parameters().temperature() == 0.0;
    if (cacheable) {
      ChatResponse cached = cache.getIfPresent(merged);
      if (cached != null) {
        return cached;
      }
    }
    ChatResponse response;
    try {
      response = StopReasons.surface(delegate.chat(merged, options));
    } catch (RuntimeException e) {
      throw ProxyErrors.fromThrowable(e, endpoint);
    }
    if (cacheable) {
      cache.put(merged, response);
    }
    return response;
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "ClaudeChatModel[" + endpoint + "]";
  }
}
