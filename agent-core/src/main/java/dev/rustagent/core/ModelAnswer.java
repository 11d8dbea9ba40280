package dev.rustagent.core;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One model answer as the loop judges it: why the model stopped, and the message in a form that can
 * be sent back. A tool call whose arguments are not a JSON object (a broken stream, a call cut off at
 * {@code max_tokens}) is kept with its raw text under {@code invalid_arguments}, so the next request
 * is valid JSON and the model sees what it sent; the call itself still reaches the argument check,
 * which answers it with a tool error the model can fix.
 */
record ModelAnswer(AiMessage message, Stop stop, AiMessage storable) {
  private static final ObjectMapper JSON = CoreJson.MAPPER;
  private static final int KEPT_INVALID_CHARS = 2_000;

  /** Why the model stopped. */
  enum Stop {
    /** It finished its turn (an answer, or tool calls to run). */
    NORMAL,
    /** It reached its output limit: the answer is cut off. */
    MAX_TOKENS,
    /** It refused. */
    REFUSAL,
    /** Another reason the loop cannot continue from (for example {@code pause_turn}). */
    OTHER
  }

  static ModelAnswer of(ChatResponse response) {
    AiMessage message = response.aiMessage();
    FinishReason reason = response.finishReason();
    Stop stop = reason == null ? Stop.NORMAL : switch (reason) {
      case LENGTH -> Stop.MAX_TOKENS;
      case CONTENT_FILTER -> Stop.REFUSAL;
      case OTHER -> Stop.OTHER;
      default -> Stop.NORMAL;
    };
    return new ModelAnswer(message, stop, storable(message));
  }

  private static AiMessage storable(AiMessage message) {
    if (!message.hasToolExecutionRequests()) {
      return message;
    }
    List<ToolExecutionRequest> calls = new ArrayList<>();
    boolean changed = false;
    for (ToolExecutionRequest call : message.toolExecutionRequests()) {
      if (isJsonObject(call.arguments())) {
        calls.add(call);
        continue;
      }
      changed = true;
      String raw = call.arguments() == null ? "" : call.arguments();
      if (raw.isBlank()) {
        calls.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments("{}").build());
        continue;
      }
      ObjectNode kept = JSON.createObjectNode();
      kept.put("invalid_arguments", raw.length() > KEPT_INVALID_CHARS
          ? raw.substring(0, KEPT_INVALID_CHARS) + "...[cut]" : raw);
      calls.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(kept.toString()).build());
    }
    if (!changed) {
      return message;
    }
    return message.text() == null || message.text().isEmpty()
        ? AiMessage.from(calls) : AiMessage.from(message.text(), calls);
  }

  static boolean isJsonObject(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return false;
    }
    try {
      JsonNode node = JSON.readTree(arguments);
      return node != null && node.isObject();
    } catch (IOException e) {
      return false;
    }
  }
}
