package dev.rustagent.testkit;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link ChatModel} that answers from a script: texts, tool calls, failures, or answers computed
 * from the request. Every request is recorded for assertions. When the script runs out, the
 * {@linkplain Builder#otherwise fallback answer} is used, or the call fails with a clear message.
 * Thread-safe.
 *
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.builder()
 *     .thenToolCall("read_file", "{\"path\":\"src/main.rs\"}")
 *     .thenText("The file defines main.")
 *     .build();
 * }</pre>
 */
public final class ScriptedChatModel implements ChatModel {

  /** One scripted answer: a function of the request that returns a response or throws. */
  @FunctionalInterface
  public interface Step {
    /** Answers the request. */
    ChatResponse answer(ChatRequest request);
  }

  private final Deque<Step> script;
  private final Step otherwise;
  private final List<ChatRequest> requests = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  private ScriptedChatModel(Builder builder) {
    this.script = new ArrayDeque<>(builder.steps);
    this.otherwise = builder.otherwise;
  }

  /** Starts a script. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return next(request).answer(request);
  }

  Step next(ChatRequest request) {
    Step step;
    int number;
    synchronized (this) {
      requests.add(request);
      number = calls.incrementAndGet();
      step = script.poll();
    }
    if (step != null) {
      return step;
    }
    if (otherwise != null) {
      return otherwise;
    }
    return r -> {
      throw new IllegalStateException("ScriptedChatModel: the script has no answer for call " + number
          + "; add more steps or an otherwise(...) answer");
    };
  }

  /** The requests received so far, in order. */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The latest request received. */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("no request received yet");
    }
    return requests.get(requests.size() - 1);
  }

  /** How many calls were made. */
  public int callCount() {
    return calls.get();
  }

  /** How many scripted steps are left. */
  public synchronized int remaining() {
    return script.size();
  }

  /**
   * A streaming twin sharing this model's script and request log: text answers arrive word by word
   * through {@code onPartialResponse}; failures through {@code onError}.
   */
  public StreamingChatModel streaming() {
    return new Streaming(this);
  }

  /** Builds a {@link ScriptedChatModel}. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private Step otherwise;
    private int inputTokens = 10;
    private int outputTokens = 5;
    private int toolCallCounter;

    private Builder() {}

    /** Answers with text and no tool call. */
    public Builder thenText(String text) {
      requireNonNull(text, "text");
      steps.add(request -> response(AiMessage.from(text), FinishReason.STOP));
      return this;
    }

    /** Answers with one tool call. */
    public Builder thenToolCall(String tool, String argumentsJson) {
      return thenToolCalls(call(tool, argumentsJson));
    }

    /** Answers with text and tool calls in one turn. */
    public Builder thenTextAndToolCalls(String text, ToolExecutionRequest... calls) {
      requireNonNull(text, "text");
      List<ToolExecutionRequest> list = List.of(calls);
      steps.add(request -> response(AiMessage.from(text, list), FinishReason.TOOL_EXECUTION));
      return this;
    }

    /** Answers with several tool calls in one turn. */
    public Builder thenToolCalls(ToolExecutionRequest... calls) {
      List<ToolExecutionRequest> list = List.of(calls);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("give at least one tool call");
      }
      steps.add(request -> response(AiMessage.from(list), FinishReason.TOOL_EXECUTION));
      return this;
    }

    /** A tool call with a generated id, for {@link #thenToolCalls}. */
    public ToolExecutionRequest call(String tool, String argumentsJson) {
      requireNonNull(tool, "tool");
      requireNonNull(argumentsJson, "argumentsJson");
      return ToolExecutionRequest.builder()
          .id("call_" + (++toolCallCounter))
          .name(tool)
          .arguments(argumentsJson)
          .build();
    }

    /** Throws the given exception for this call. */
    public Builder thenFail(RuntimeException error) {
      requireNonNull(error, "error");
      steps.add(request -> {
        throw error;
      });
      return this;
    }

    /** Throws a LangChain4j {@link RateLimitException}, a transient 429-like failure. */
    public Builder thenTransientFailure() {
      return thenFail(new RateLimitException("scripted rate limit (429)"));
    }

    /** Answers with a function of the request. */
    public Builder then(Step step) {
      steps.add(requireNonNull(step, "step"));
      return this;
    }

    /** Answers with the same step {@code times} times. */
    public Builder thenRepeat(int times, Step step) {
      requireNonNull(step, "step");
      if (times < 1) {
        throw new IllegalArgumentException("times must be at least 1: " + times);
      }
      for (int i = 0; i < times; i++) {
        steps.add(step);
      }
      return this;
    }

    /** The answer once the script is used up; without one, extra calls fail. */
    public Builder otherwise(Step step) {
      this.otherwise = requireNonNull(step, "step");
      return this;
    }

    /** Answers every call past the script with the same tool call (a model that never stops). */
    public Builder otherwiseToolCall(String tool, String argumentsJson) {
      requireNonNull(tool, "tool");
      requireNonNull(argumentsJson, "argumentsJson");
      AtomicInteger n = new AtomicInteger();
      return otherwise(request -> response(AiMessage.from(ToolExecutionRequest.builder()
          .id("loop_" + n.incrementAndGet()).name(tool).arguments(argumentsJson).build()),
          FinishReason.TOOL_EXECUTION));
    }

    /** The token usage reported with each scripted answer; default 10 in, 5 out. */
    public Builder usagePerCall(int input, int output) {
      if (input < 0 || output < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
      this.inputTokens = input;
      this.outputTokens = output;
      return this;
    }

    /** Builds the model. */
    public ScriptedChatModel build() {
      return new ScriptedChatModel(this);
    }

    private ChatResponse response(AiMessage message, FinishReason reason) {
      return ChatResponse.builder()
          .aiMessage(message)
          .tokenUsage(new TokenUsage(inputTokens, outputTokens))
          .finishReason(reason)
          .build();
    }
  }

  /** The streaming twin. */
  private static final class Streaming implements StreamingChatModel {
    private final ScriptedChatModel model;

    Streaming(ScriptedChatModel model) {
      this.model = model;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      ChatResponse response;
      try {
        response = model.next(request).answer(request);
      } catch (RuntimeException e) {
        handler.onError(e);
        return;
      }
      String text = response.aiMessage().text();
      if (text != null && !text.isEmpty()) {
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
          if (i == text.length() || text.charAt(i) == ' ') {
            handler.onPartialResponse(text.substring(start, i));
            start = i;
          }
        }
      }
      handler.onCompleteResponse(response);
    }
  }
}
