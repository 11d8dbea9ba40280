package dev.rustagent.llm.claude;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.rustagent.core.ModelException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link StreamingChatModel} {@link ClaudeProxy} hands out: every error reaches the handler as a
 * {@link ModelException}, exactly one of {@code onCompleteResponse} / {@code onError} is called, and
 * refusals and truncations are visible in the complete response.
 */
final class ClaudeStreamingChatModel implements StreamingChatModel {
  private final StreamingChatModel delegate;
  private final String endpoint;

  ClaudeStreamingChatModel(StreamingChatModel delegate, String endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    Guarded guarded = new Guarded(handler);
    try {
      delegate.chat(request, options, guarded);
    } catch (RuntimeException e) {
      guarded.onError(e);
    }
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
    return "ClaudeStreamingChatModel[" + endpoint + "]";
  }

  private final class Guarded implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler handler;
    private final AtomicBoolean done = new AtomicBoolean();

    Guarded(StreamingChatResponseHandler handler) {
      this.handler = handler;
    }

    @Override
    public void onPartialResponse(String partialResponse) {
      handler.onPartialResponse(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      handler.onPartialResponse(partialResponse, context);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      handler.onPartialThinking(partialThinking);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
      handler.onPartialThinking(partialThinking, context);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      handler.onPartialToolCall(partialToolCall);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
      handler.onPartialToolCall(partialToolCall, context);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      handler.onCompleteToolCall(completeToolCall);
    }

    @Override
    public void onUnmappedRawEvent(Object rawEvent) {
      handler.onUnmappedRawEvent(rawEvent);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      if (done.compareAndSet(false, true)) {
        handler.onCompleteResponse(StopReasons.surface(completeResponse));
      }
    }

    @Override
    public void onError(Throwable error) {
      if (done.compareAndSet(false, true)) {
        handler.onError(ProxyErrors.fromThrowable(error, endpoint));
      }
    }
  }
}
