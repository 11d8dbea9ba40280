package dev.rustagent.core;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import java.util.List;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;

/**
 * The conversation's size in tokens (by the agent's {@link TokenCountEstimator}) and the cut that
 * summarises older turns without separating a tool call from its result.
 *
 * <p>Compaction works in large steps, for the prompt cache: when the conversation passes the budget,
 * everything but the newest messages is summarised at once, so that the request (system prompt and
 * tools included) comes down to a low-water mark of {@value #KEEP_PERCENT}% of the budget. The
 * conversation then grows for many steps with an unchanged prefix (read from the cache) before the
 * next compaction, instead of being trimmed a little every turn.
 */
final class ContextWindow {
  /** The share of the budget, in percent, a request may take right after a compaction (the summary aside). */
  static final int KEEP_PERCENT = 40;
  private static final int TRANSCRIPT_ITEM_CHARS = 2_000;

  private ContextWindow() {}

  static int estimateTokens(TokenCountEstimator estimator, List<ChatMessage> messages,
      List<ToolSpecification> tools) {
    int tokens = estimator.estimateTokenCountInMessages(messages);
    for (ToolSpecification tool : tools) {
      tokens += estimator.estimateTokenCountInText(tool.name() + "\n" + tool.description() + "\n"
          + tool.parameters());
    }
    return tokens;
  }

  /** The whole text of a message, tool-call arguments included. */
  static String textOf(ChatMessage message) {
    return HeuristicTokenCountEstimator.textOf(message);
  }

  /**
   * Where the kept tail of the conversation starts: the newest messages whose tokens together stay
   * within {@code keepTokens} (at least the newest one), moved back so that no tool result is separated
   * from the assistant message that asked for it; -1 when nothing before it can be summarised.
   *
   * @param firstSummarisable the first message that may be summarised (after the system messages)
   */
  static int keptStart(TokenCountEstimator estimator, List<ChatMessage> messages, int firstSummarisable,
      int keepTokens) {
    int start = messages.size();
    int tokens = 0;
    while (start - 1 > firstSummarisable) {
      int next = estimator.estimateTokenCountInMessage(messages.get(start - 1));
      if (start < messages.size() && tokens + next > keepTokens) {
        break;
      }
      tokens += next;
      start--;
    }
    while (start > firstSummarisable && start < messages.size()
        && messages.get(start) instanceof ToolExecutionResultMessage) {
      start--;
    }
    return start > firstSummarisable && start < messages.size() ? start : -1;
  }

  /** A plain-text transcript of messages for the summariser, each item cut to a readable length. */
  static String transcript(List<ChatMessage> messages) {
    StringBuilder out = new StringBuilder();
    for (ChatMessage message : messages) {
      String role = switch (message.type()) {
        case USER -> "User";
        case AI -> "Assistant";
        case TOOL_EXECUTION_RESULT -> "Tool result (" + ((ToolExecutionResultMessage) message).toolName() + ")";
        case SYSTEM -> "System";
        default -> message.type().name();
      };
      String text = textOf(message);
      if (text.length() > TRANSCRIPT_ITEM_CHARS) {
        text = text.substring(0, TRANSCRIPT_ITEM_CHARS) + " ...[cut]";
      }
      out.append(role).append(": ").append(text).append("\n\n");
    }
    return out.toString();
  }
}
