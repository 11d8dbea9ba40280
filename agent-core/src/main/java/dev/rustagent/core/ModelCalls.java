package dev.rustagent.core;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.AgentListener.AgentEvent;

/**
 * One model call with the agent's resilience: transient failures are retried with backoff (or the
 * server's delay), then the fallback model is tried; everything else is thrown as a classified
 * {@link ModelException}. Records each attempt's latency.
 */
final class ModelCalls {
  private static final Logger log = LoggerFactory.getLogger(ModelCalls.class);
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Agent agent;
  private final AgentRun run;

  ModelCalls(Agent agent, AgentRun run) {
    this.agent = agent;
    this.run = run;
  }

  /**
   * Calls the model, through the agent's streaming model when it has one (so its idle timeouts and
   * stream checks apply whatever the caller listens to). With {@code streamTokens}, the text goes to
   * the run's streaming handler as it comes (the whole text at once without a streaming model).
   */
  ChatResponse call(ChatRequest request, int iteration, boolean streamTokens) {
    try {
      return withRetries(agent.chatModel, streamTokens, request, iteration);
    } catch (ModelException primaryFailure) {
      boolean fallbackHelps = primaryFailure.isTransient()
          || primaryFailure.kind() == ModelException.Kind.UNAVAILABLE;
      if (agent.fallbackModel == null || !fallbackHelps) {
        throw primaryFailure;
      }
      log.warn("run {}: main model failed ({}); trying the fallback model", run.runId, primaryFailure.getMessage());
      try {
        return withRetries(agent.fallbackModel, streamTokens, request, iteration);
      } catch (ModelException fallbackFailure) {
        fallbackFailure.addSuppressed(primaryFailure);
        throw fallbackFailure;
      }
    }
  }

  private ChatResponse withRetries(ChatModel model, boolean streamTokens, ChatRequest request, int iteration) {
    boolean stream = model == agent.chatModel && agent.streamingModel != null;
    RetryPolicy retries = agent.retryPolicy;
    for (int attempt = 0; ; attempt++) {
      run.cancellation.throwIfCancelled();
      run.events.publish(new AgentEvent.ModelRequested(run.runId, agent.clock.instant(), iteration, request,
          modelName(model, request), provider(model)));
      long started = System.nanoTime();
      try {
        ChatResponse response = stream ? streamOnce(request, streamTokens) : callOnce(model, request, streamTokens);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        run.recordModelCall(response, latency);
        run.events.publish(new AgentEvent.ModelResponded(run.runId, agent.clock.instant(), iteration, response, latency));
        return response;
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        run.recordModelLatency(Duration.ofNanos(System.nanoTime() - started));
        ModelException error = ModelErrors.classify(e);
        if (!error.isTransient() || attempt >= retries.maxRetries()) {
          if (error.isTransient()) {
            throw new ModelException(error.kind(), error.getMessage() + " (gave up after " + (attempt + 1)
                + " attempts)", error.statusCode().isPresent() ? error.statusCode().getAsInt() : null,
                error.retryAfter().orElse(null), error);
          }
          throw error;
        }
        refuseLongWait(error, retries);
        Duration delay = retries.delayBefore(attempt + 1, error.retryAfter());
        Optional<Duration> left = run.budget.remaining();
        if (left.isPresent() && delay.compareTo(left.get()) >= 0) {
          throw new ModelException(error.kind(), error.getMessage() + " (not retried: the retry would wait "
              + seconds(delay) + " but the run has " + seconds(left.get()) + " left of its time budget)",
              error.statusCode().isPresent() ? error.statusCode().getAsInt() : null,
              error.retryAfter().orElse(null), error);
        }
        log.info("run {}: {}; retry {} of {} in {} ms", run.runId, error.getMessage(), attempt + 1,
            retries.maxRetries(), delay.toMillis());
        run.events.publish(new AgentEvent.ModelRetried(run.runId, agent.clock.instant(), attempt + 1, error, delay));
        sleep(delay, run.cancellation);
      }
    }
  }

  /** A server that asks for a longer wait than the policy honours fails the call at once, saying the wait. */
  private static void refuseLongWait(ModelException error, RetryPolicy retries) {
    Optional<Duration> asked = error.retryAfter();
    if (asked.isPresent() && asked.get().compareTo(retries.maxRetryAfter()) > 0) {
      throw new ModelException(error.kind(), error.getMessage() + " (not retried: the service asked to wait "
          + seconds(asked.get()) + ", longer than the " + seconds(retries.maxRetryAfter())
          + " this run waits at most)", error.statusCode().isPresent() ? error.statusCode().getAsInt() : null,
          asked.get(), error);
    }
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private static String modelName(ChatModel model, ChatRequest request) {
    if (request.modelName() != null) {
      return request.modelName();
    }
    try {
      return model.defaultRequestParameters() == null ? null : model.defaultRequestParameters().modelName();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String provider(ChatModel model) {
    try {
      return model.provider() == null ? "other" : model.provider().name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    } catch (RuntimeException e) {
      return "other";
    }
  }

  private ChatResponse callOnce(ChatModel model, ChatRequest request, boolean streamTokens) {
    ChatResponse response = model.chat(request);
    if (response == null || response.aiMessage() == null) {
      throw new ModelException(ModelException.Kind.OTHER, "the model returned no message");
    }
    String text = response.aiMessage().text();
    if (streamTokens && text != null && !text.isEmpty()) {
      run.events.token(text);
    }
    return response;
  }

  /** One call through the streaming model; its text goes to the run's handler when {@code streamTokens}. */
  private ChatResponse streamOnce(ChatRequest request, boolean streamTokens) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    agent.streamingModel.chat(request, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        if (streamTokens) {
          run.events.token(partial);
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    while (true) {
      run.cancellation.throwIfCancelled();
      try {
        ChatResponse response = done.get(50, TimeUnit.MILLISECONDS);
        if (response == null || response.aiMessage() == null) {
          throw new ModelException(ModelException.Kind.STREAM_INTERRUPTED, "the stream ended without a message");
        }
        return response;
      } catch (TimeoutException e) {
        // keep waiting; the streaming model enforces its own timeouts
      } catch (ExecutionException e) {
        throw ModelErrors.classify(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while waiting for the model");
      }
    }
  }

  static void sleep(Duration delay, CancellationToken cancellation) {
    long deadline = System.nanoTime() + delay.toNanos();
    while (true) {
      cancellation.throwIfCancelled();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(left, WAIT_SLICE_NANOS));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while waiting to retry");
      }
    }
  }

  static Optional<String> text(ChatResponse response) {
    return Optional.ofNullable(response.aiMessage().text()).filter(t -> !t.isBlank());
  }
}
