package dev.rustagent.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.testkit.FakeResponse.ApiError;
import dev.rustagent.testkit.FakeResponse.Block;
import dev.rustagent.testkit.FakeResponse.Message;
import dev.rustagent.testkit.FakeResponse.TextBlock;
import dev.rustagent.testkit.FakeResponse.ThinkingBlock;
import dev.rustagent.testkit.FakeResponse.ToolUseBlock;
import dev.rustagent.testkit.PromptCacheModel.Usage;
import java.util.ArrayList;
import java.util.List;

/** Renders {@link FakeResponse}s in the Anthropic Messages wire format (JSON bodies and SSE events). */
final class AnthropicWireFormat {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One server-sent event. */
  record Event(String name, String data) {
    String render() {
      return "event: " + name + "\ndata: " + data + "\n\n";
    }
  }

  private AnthropicWireFormat() {}

  static String messageJson(Message message, String id, String model, Usage input) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", model);
    ArrayNode content = root.putArray("content");
    for (Block block : message.content()) {
      content.add(blockJson(block, true));
    }
    root.put("stop_reason", message.stopReason());
    stopSequence(root, message);
    usage(root.putObject("usage"), input, outputTokens(message));
    return write(root);
  }

  private static void stopSequence(ObjectNode node, Message message) {
    if (message.stopSequence() == null) {
      node.putNull("stop_sequence");
    } else {
      node.put("stop_sequence", message.stopSequence());
    }
  }

  /** The usage object as the API sends it: input split by the cache, output, service tier. */
  private static void usage(ObjectNode usage, Usage input, int outputTokens) {
    usage.put("input_tokens", input.input());
    usage.put("cache_creation_input_tokens", input.cacheWrite());
    usage.put("cache_read_input_tokens", input.cacheRead());
    usage.put("output_tokens", outputTokens);
    usage.put("service_tier", "standard");
  }

  /** The SSE events of a streamed message, in order, including the final {@code message_stop}. */
  static List<Event> messageEvents(Message message, String id, String model, Usage input) {
    List<Event> events = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode();
    start.put("type", "message_start");
    ObjectNode msg = start.putObject("message");
    msg.put("id", id);
    msg.put("type", "message");
    msg.put("role", "assistant");
    msg.putArray("content");
    msg.put("model", model);
    msg.putNull("stop_reason");
    msg.putNull("stop_sequence");
    usage(msg.putObject("usage"), input, 1);
    events.add(new Event("message_start", write(start)));
    if (message.pings()) {
      events.add(new Event("ping", "{\"type\": \"ping\"}"));
    }
    int index = 0;
    for (Block block : message.content()) {
      ObjectNode blockStart = JSON.createObjectNode();
      blockStart.put("type", "content_block_start");
      blockStart.put("index", index);
      blockStart.set("content_block", blockJson(block, false));
      events.add(new Event("content_block_start", write(blockStart)));
      for (String piece : pieces(payload(block), message.chunkSize())) {
        ObjectNode delta = JSON.createObjectNode();
        delta.put("type", "content_block_delta");
        delta.put("index", index);
        ObjectNode inner = delta.putObject("delta");
        if (block instanceof TextBlock) {
          inner.put("type", "text_delta");
          inner.put("text", piece);
        } else if (block instanceof ThinkingBlock) {
          inner.put("type", "thinking_delta");
          inner.put("thinking", piece);
        } else {
          inner.put("type", "input_json_delta");
          inner.put("partial_json", piece);
        }
        events.add(new Event("content_block_delta", write(delta)));
      }
      if (block instanceof ThinkingBlock thinking) {
        ObjectNode delta = JSON.createObjectNode();
        delta.put("type", "content_block_delta");
        delta.put("index", index);
        delta.putObject("delta").put("type", "signature_delta").put("signature", thinking.signature());
        events.add(new Event("content_block_delta", write(delta)));
      }
      events.add(new Event("content_block_stop",
          JSON.createObjectNode().put("type", "content_block_stop").put("index", index).toString()));
      index++;
    }
    ObjectNode messageDelta = JSON.createObjectNode();
    messageDelta.put("type", "message_delta");
    ObjectNode delta = messageDelta.putObject("delta");
    delta.put("stop_reason", message.stopReason());
    stopSequence(delta, message);
    usage(messageDelta.putObject("usage"), input, outputTokens(message));
    events.add(new Event("message_delta", write(messageDelta)));
    events.add(new Event("message_stop", "{\"type\":\"message_stop\"}"));
    return events;
  }

  static String errorJson(String type, String message, java.util.Map<String, Object> extra, String requestId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "error");
    ObjectNode error = root.putObject("error");
    error.put("type", type);
    error.put("message", message);
    extra.forEach((key, value) -> error.set(key, JSON.valueToTree(value)));
    root.put("request_id", requestId);
    return write(root);
  }

  static String errorJson(ApiError error, String requestId) {
    return errorJson(error.type(), error.message(), error.extraErrorFields(), requestId);
  }

  private static String payload(Block block) {
    if (block instanceof TextBlock text) {
      return text.text();
    }
    if (block instanceof ThinkingBlock thinking) {
      return thinking.thinking();
    }
    return ((ToolUseBlock) block).inputJson();
  }

  static int outputTokens(Message message) {
    if (message.outputTokens() >= 0) {
      return message.outputTokens();
    }
    int tokens = 0;
    for (Block block : message.content()) {
      tokens += FakeTokenizer.count(payload(block));
    }
    return Math.max(1, tokens);
  }

  private static ObjectNode blockJson(Block block, boolean complete) {
    ObjectNode node = JSON.createObjectNode();
    if (block instanceof TextBlock text) {
      node.put("type", "text");
      node.put("text", complete ? text.text() : "");
    } else if (block instanceof ThinkingBlock thinking) {
      node.put("type", "thinking");
      node.put("thinking", complete ? thinking.thinking() : "");
      node.put("signature", complete ? thinking.signature() : "");
    } else {
      ToolUseBlock tool = (ToolUseBlock) block;
      node.put("type", "tool_use");
      node.put("id", tool.id());
      node.put("name", tool.name());
      node.set("input", complete ? parseInput(tool) : JSON.createObjectNode());
    }
    return node;
  }

  private static JsonNode parseInput(ToolUseBlock tool) {
    try {
      return JSON.readTree(tool.inputJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tool_use input of " + tool.name() + " is not JSON: " + tool.inputJson(), e);
    }
  }

  /** The OpenAI {@code finish_reason} for an Anthropic stop reason. */
  static String openAiFinishReason(String stopReason) {
    return switch (stopReason) {
      case "tool_use" -> "tool_calls";
      case "max_tokens" -> "length";
      case "refusal" -> "content_filter";
      default -> "stop";
    };
  }

  /** A {@code chat.completion} object for the OpenAI-compatible API. */
  static String openAiCompletionJson(Message message, String id, String model, int inputTokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion");
    root.put("created", 1_763_700_000L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JSON.createArrayNode();
    for (Block block : message.content()) {
      if (block instanceof TextBlock t) {
        text.append(t.text());
      } else if (block instanceof ThinkingBlock) {
        continue;
      } else {
        ToolUseBlock tool = (ToolUseBlock) block;
        ObjectNode call = calls.addObject();
        call.put("id", tool.id());
        call.put("type", "function");
        call.putObject("function").put("name", tool.name()).put("arguments", tool.inputJson());
      }
    }
    if (text.length() == 0) {
      msg.putNull("content");
    } else {
      msg.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    choice.put("finish_reason", openAiFinishReason(message.stopReason()));
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", inputTokens);
    usage.put("completion_tokens", outputTokens(message));
    usage.put("total_tokens", inputTokens + outputTokens(message));
    return write(root);
  }

  /** The {@code data:} payloads of a streamed {@code chat.completion.chunk} sequence, ending in [DONE]. */
  static List<String> openAiChunks(Message message, String id, String model, int inputTokens) {
    List<String> chunks = new ArrayList<>();
    chunks.add(openAiChunk(id, model, delta -> delta.put("role", "assistant").put("content", ""), null));
    int toolIndex = 0;
    for (Block block : message.content()) {
      if (block instanceof TextBlock t) {
        for (String piece : pieces(t.text(), message.chunkSize())) {
          chunks.add(openAiChunk(id, model, delta -> delta.put("content", piece), null));
        }
      } else if (block instanceof ThinkingBlock) {
        continue;
      } else {
        ToolUseBlock tool = (ToolUseBlock) block;
        int index = toolIndex++;
        chunks.add(openAiChunk(id, model, delta -> {
          ObjectNode call = delta.putArray("tool_calls").addObject();
          call.put("index", index).put("id", tool.id()).put("type", "function");
          call.putObject("function").put("name", tool.name()).put("arguments", "");
        }, null));
        for (String piece : pieces(tool.inputJson(), message.chunkSize())) {
          chunks.add(openAiChunk(id, model, delta -> {
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", index);
            call.putObject("function").put("arguments", piece);
          }, null));
        }
      }
    }
    ObjectNode last = (ObjectNode) readTree(openAiChunk(id, model, delta -> { },
        openAiFinishReason(message.stopReason())));
    ObjectNode usage = last.putObject("usage");
    usage.put("prompt_tokens", inputTokens);
    usage.put("completion_tokens", outputTokens(message));
    usage.put("total_tokens", inputTokens + outputTokens(message));
    chunks.add(write(last));
    chunks.add("[DONE]");
    return chunks;
  }

  /** An OpenAI error body {@code {"error":{"message","type","code"}}}. */
  static String openAiErrorJson(ApiError error) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode body = root.putObject("error");
    body.put("message", error.message());
    body.put("type", error.type());
    body.put("code", String.valueOf(error.extraErrorFields().getOrDefault("code", error.type())));
    return write(root);
  }

  private static String openAiChunk(String id, String model, java.util.function.Consumer<ObjectNode> delta,
      String finishReason) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion.chunk");
    root.put("created", 1_763_700_000L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    delta.accept(choice.putObject("delta"));
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return write(root);
  }

  /** {@code text} in pieces of {@code size} code points: a surrogate pair is never split. */
  static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int to = from;
      for (int i = 0; i < size && to < text.length(); i++) {
        to += Character.charCount(text.codePointAt(to));
      }
      pieces.add(text.substring(from, to));
      from = to;
    }
    return pieces;
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
