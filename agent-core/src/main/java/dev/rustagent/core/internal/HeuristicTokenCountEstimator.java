package dev.rustagent.core.internal;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * The agent's default {@link TokenCountEstimator}: about four characters a token plus a few tokens of
 * framing per message. The same for every model and free to compute; against Anthropic's
 * {@code count_tokens} it is within the error docs/benchmarks.md records. The one place the project
 * estimates tokens from characters. Stateless and thread-safe.
 */
public final class HeuristicTokenCountEstimator implements TokenCountEstimator {
  /** The shared instance. */
  public static final HeuristicTokenCountEstimator INSTANCE = new HeuristicTokenCountEstimator();

  /** Characters per token assumed. */
  public static final int CHARS_PER_TOKEN = 4;

  /** Tokens of role and framing counted per message. */
  static final int MESSAGE_OVERHEAD_TOKENS = 4;

  private HeuristicTokenCountEstimator() {}

  @Override
  public int estimateTokenCountInText(String text) {
    return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  @Override
  public int estimateTokenCountInMessage(ChatMessage message) {
    return MESSAGE_OVERHEAD_TOKENS + estimateTokenCountInText(textOf(message));
  }

  @Override
  public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
    return sumPerMessage(this, messages);
  }

  /** The sum of {@code estimator}'s count of each message (for estimators that count one at a time). */
  public static int sumPerMessage(TokenCountEstimator estimator, Iterable<ChatMessage> messages) {
    int tokens = 0;
    for (ChatMessage message : messages) {
      tokens += estimator.estimateTokenCountInMessage(message);
    }
    return tokens;
  }

  /**
   * The text a message's tokens are counted from: its text, a user message's contents, an assistant
   * message's tool calls (name and arguments), a tool result's text.
   */
  public static String textOf(ChatMessage message) {
    if (message instanceof SystemMessage system) {
      return system.text();
    }
    if (message instanceof UserMessage user) {
      return user.hasSingleText() ? user.singleText() : String.valueOf(user.contents());
    }
    if (message instanceof AiMessage ai) {
      StringBuilder out = new StringBuilder(ai.text() == null ? "" : ai.text());
      if (ai.hasToolExecutionRequests()) {
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          out.append(" [").append(call.name()).append(' ').append(call.arguments()).append(']');
        }
      }
      return out.toString();
    }
    if (message instanceof ToolExecutionResultMessage result) {
      return result.text();
    }
    return String.valueOf(message);
  }

  /** About how many characters {@code tokens} tokens hold (for budgets given in tokens). */
  public static int charsFor(int tokens) {
    return (int) Math.min(Integer.MAX_VALUE, (long) Math.max(0, tokens) * CHARS_PER_TOKEN);
  }

  @Override
  public String toString() {
    return "HeuristicTokenCountEstimator[" + CHARS_PER_TOKEN + " chars/token]";
  }
}
