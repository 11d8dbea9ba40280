package dev.rustagent.llm.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;

/**
 * Marks Anthropic prompt-cache breakpoints on a Messages request body, at most four: the last tool
 * definition, the end of the system prompt, the end of the conversation, and the end of the user turn
 * before it (where the previous step of an agent loop wrote its cache). Each step then reads the
 * previous step's prefix from the cache and writes only what it added. Done in the request layer
 * because langchain4j-anthropic marks only tools and system, with the 5-minute TTL alone. A body that
 * already carries {@code cache_control} anywhere is left as the caller made it.
 */
final class PromptCache {
  private static final Logger LOG = LoggerFactory.getLogger(PromptCache.class);
  private static final int MAX_BREAKPOINTS = 4;

  private final ObjectMapper json;
  private final ObjectNode cacheControl;

  /** Breakpoints with the given TTL: {@code 5m} (the API's default) or {@code 1h}. */
  PromptCache(ObjectMapper json, PromptCaching caching) {
    this.json = json;
    this.cacheControl = json.createObjectNode().put("type", "ephemeral");
    if (caching == PromptCaching.ONE_HOUR) {
      cacheControl.put("ttl", "1h");
    }
  }

  /** The body with breakpoints, or the body unchanged when it is not a Messages request to mark. */
  String mark(String body) {
    if (body == null || body.isEmpty() || body.contains("\"cache_control\"")) {
      return body;
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      LOG.debug("request body is not JSON; sent without cache breakpoints: {}", e.toString());
      return body;
    }
    if (!(root instanceof ObjectNode request) || !request.path("messages").isArray()) {
      return body;
    }
    int marks = 0;
    JsonNode tools = request.path("tools");
    if (tools.isArray() && !tools.isEmpty() && tools.get(tools.size() - 1) instanceof ObjectNode lastTool) {
      lastTool.set("cache_control", cacheControl);
      marks++;
    }
    JsonNode system = request.path("system");
    if (system.isTextual() && !system.asText().isEmpty()) {
      ArrayNode blocks = request.putArray("system");
      blocks.addObject().put("type", "text").put("text", system.asText()).set("cache_control", cacheControl);
      marks++;
    } else if (system.isArray() && !system.isEmpty() && system.get(system.size() - 1) instanceof ObjectNode last) {
      last.set("cache_control", cacheControl);
      marks++;
    }
    ArrayNode messages = (ArrayNode) request.path("messages");
    boolean markedLast = false;
    for (int i = messages.size() - 1; i >= 0 && marks < MAX_BREAKPOINTS; i--) {
      JsonNode message = messages.get(i);
      boolean isUser = "user".equals(message.path("role").asText());
      if ((!markedLast || isUser) && markEnd(message)) {
        marks++;
        if (markedLast) {
          break;
        }
        markedLast = true;
      }
    }
    return request.toString();
  }

  /** Puts the breakpoint on the last content block of {@code message}; false when it has none. */
  private boolean markEnd(JsonNode message) {
    if (!(message instanceof ObjectNode object)) {
      return false;
    }
    JsonNode content = object.path("content");
    if (content.isTextual()) {
      if (content.asText().isEmpty()) {
        return false;
      }
      ArrayNode blocks = object.putArray("content");
      blocks.addObject().put("type", "text").put("text", content.asText()).set("cache_control", cacheControl);
      return true;
    }
    if (content.isArray() && !content.isEmpty() && content.get(content.size() - 1) instanceof ObjectNode last
        && !"thinking".equals(last.path("type").asText()) && !"redacted_thinking".equals(last.path("type").asText())) {
      last.set("cache_control", cacheControl);
      return true;
    }
    return false;
  }
}
