package dev.rustagent.art.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.art.judge.RewardModel.JudgeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a judge model for a JSON answer and validates it; a malformed answer is sent back once with
 * what was wrong, and a second malformed answer is a {@link JudgeException}.
 */
public final class JudgeCall {
  private static final Logger log = LoggerFactory.getLogger(JudgeCall.class);

  private JudgeCall() {}

  /**
   * Asks and validates.
   *
   * @param validator turns the parsed JSON into a result or throws {@link IllegalArgumentException}
   *     saying what is wrong
   */
  public static <T> T ask(ChatModel model, String judgeName, String system, String user,
      Function<JsonNode, T> validator) {
    List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(system), UserMessage.from(user)));
    String problem = null;
    String answer = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      answer = call(model, judgeName, messages);
      try {
        return validator.apply(parseObject(answer));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
        log.warn("{}: answer {} was not valid ({}); {}", judgeName, attempt, problem,
            attempt == 1 ? "asking once more" : "giving up");
        messages.add(AiMessage.from(answer));
        messages.add(UserMessage.from("That answer was not valid: " + problem
            + ". Answer again with only the JSON object in the requested format."));
      }
    }
    throw new JudgeException(judgeName + " gave no valid answer after a retry: " + problem + "; last answer: "
        + abbreviate(answer));
  }

  private static String call(ChatModel model, String judgeName, List<ChatMessage> messages) {
    ChatResponse response;
    try {
      response = model.chat(ChatRequest.builder().messages(List.copyOf(messages)).build());
    } catch (RuntimeException e) {
      throw new JudgeException(judgeName + ": the judge model call failed: " + e.getMessage(), e);
    }
    String text = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
    return text == null ? "" : text;
  }

  /** The JSON object in a model answer, allowing code fences and text around it. */
  public static JsonNode parseObject(String answer) {
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("the answer contains no JSON object");
    }
    try {
      JsonNode node = ArtJson.MAPPER.readTree(answer.substring(start, end + 1));
      if (!node.isObject()) {
        throw new IllegalArgumentException("the answer is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the answer is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /** A score field that must be a number within 0..1. */
  public static double score(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(where + " has no numeric '" + field + "'");
    }
    double d = value.asDouble();
    if (!(d >= 0 && d <= 1)) {
      throw new IllegalArgumentException(where + " has " + field + " " + d + " outside 0..1");
    }
    return d;
  }

  /** A text field, empty when missing. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "(none)";
    }
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
