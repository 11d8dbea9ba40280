package dev.rustagent.llm.claude;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks Anthropic prompt-cache breakpoints on a Messages request body, at most four: the last tool
 * definition, the end of the system prompt, the end of the conversation, and the end of the user turn
 * before it (where the previous step of an agent loop wrote its cache). Each step then reads the
 * previous step's prefix from the cache and writes only what it added. Done in the request layer
 * because langchain4j-anthropic marks only tools and system, with the 5-minute TTL alone. A body that
 * already carries {@code cache_control} anywhere is left as the caller marked it. The body is sent
 * without the whitespace langchain4j-anthropic pretty-prints it with.
 *
 * <p>The body is read once with Jackson's streaming parser, which notes where each breakpoint goes,
 * and the marks are spliced into the original text: no tree is built and nothing is re-serialised,
 * so every byte the caller wrote is sent as written.
 */
final class PromptCache {
  private static final Logger LOG = LoggerFactory.getLogger(PromptCache.class);
  private static final int MAX_BREAKPOINTS = 4;

  private final ObjectMapper json;
  private final String cacheControl;

  /** Breakpoints with the given TTL: {@code 5m} (the API's default) or {@code 1h}; none when off. */
  PromptCache(ObjectMapper json, PromptCaching caching) {
    this.json = json;
    this.cacheControl = switch (caching) {
      case OFF -> null;
      case ONE_HOUR -> "{\"type\":\"ephemeral\",\"ttl\":\"1h\"}";
      default -> "{\"type\":\"ephemeral\"}";
    };
  }

  /**
   * The body with breakpoints (none when caching is off or the caller marked some), compacted; the
   * body unchanged when it is not a Messages request.
   */
  String mark(String body) {
    if (body == null || body.isEmpty()) {
      return body;
    }
    Request request;
    try (JsonParser parser = json.createParser(body)) {
      request = Request.read(parser);
    } catch (IOException | RuntimeException e) {
      LOG.debug("request body is not JSON; sent without cache breakpoints: {}", e.toString());
      return body;
    }
    if (request == null || request.messages == null) {
      return body;
    }
    if (cacheControl == null || body.contains("\"cache_control\"")) {
      return compact(body);
    }
    List<Edit> edits = new ArrayList<>();
    int marks = 0;
    if (request.lastTool != null) {
      edits.add(markObject(request.lastTool));
      marks++;
    }
    if (request.system != null && request.system.mark(body, this, edits)) {
      marks++;
    }
    boolean markedLast = false;
    for (int i = request.messages.size() - 1; i >= 0 && marks < MAX_BREAKPOINTS; i--) {
      Message message = request.messages.get(i);
      if ((!markedLast || message.user) && message.content != null && message.content.mark(body, this, edits)) {
        marks++;
        if (markedLast) {
          break;
        }
        markedLast = true;
      }
    }
    edits.sort(Comparator.comparingInt(Edit::start));
    StringBuilder out = new StringBuilder(body.length() + edits.size() * 48);
    int copied = 0;
    for (Edit edit : edits) {
      appendCompact(out, body, copied, edit.start).append(edit.text); // edits sit between tokens
      copied = edit.end;
    }
    return appendCompact(out, body, copied, body.length()).toString();
  }

  /**
   * The JSON text without the whitespace between tokens (langchain4j-anthropic pretty-prints its
   * requests: a third more bytes to send and parse for nothing). Strings are copied as they are.
   */
  static String compact(String json) {
    return json == null ? null : appendCompact(new StringBuilder(json.length()), json, 0, json.length()).toString();
  }

  /** Appends {@code json[from, to)}, which starts between tokens, without the whitespace between tokens. */
  private static StringBuilder appendCompact(StringBuilder out, String json, int from, int to) {
    boolean inString = false;
    for (int i = from; i < to; i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < to) {
          out.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        out.append(c);
        inString = c == '"';
      }
    }
    return out;
  }

  private Edit markObject(ObjectEnd object) {
    String field = "\"cache_control\":" + cacheControl;
    return new Edit(object.close, object.close, object.hasFields ? "," + field : field);
  }

  private String textBlock(String quotedText) {
    return "[{\"type\":\"text\",\"text\":" + quotedText + ",\"cache_control\":" + cacheControl + "}]";
  }

  /** Replace {@code [start, end)} of the body with {@code text}; an insertion when start == end. */
  private record Edit(int start, int end, String text) {}

  /** Where an object's closing brace is, whether it has fields, and its {@code type}. */
  private record ObjectEnd(int close, boolean hasFields, String type) {}

  /**
   * A content value: a string (its span, quotes included) or a list (its last element, null when that
   * is not an object). {@code blocks} false means a string.
   */
  private record Content(boolean blocks, int start, int end, boolean empty, ObjectEnd last) {
    boolean mark(String body, PromptCache cache, List<Edit> edits) {
      if (!blocks) {
        if (empty) {
          return false;
        }
        edits.add(new Edit(start, end, cache.textBlock(body.substring(start, end))));
        return true;
      }
      if (last == null || "thinking".equals(last.type) || "redacted_thinking".equals(last.type)) {
        return false;
      }
      edits.add(cache.markObject(last));
      return true;
    }
  }

  private record Message(boolean user, Content content) {}

  /** What of a Messages request the breakpoints need: the last tool, the system prompt, the messages. */
  private static final class Request {
    ObjectEnd lastTool;
    Content system;
    List<Message> messages;

    /** The request, or null when the body is JSON but not an object. */
    static Request read(JsonParser parser) throws IOException {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Request request = new Request();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "tools" -> request.lastTool = value == JsonToken.START_ARRAY ? lastObject(parser) : skip(parser);
          case "system" -> request.system = content(parser, value);
          case "messages" -> request.messages = value == JsonToken.START_ARRAY ? messages(parser) : skip(parser);
          default -> parser.skipChildren();
        }
      }
      return request;
    }

    private static <T> T skip(JsonParser parser) throws IOException {
      parser.skipChildren();
      return null;
    }

    private static List<Message> messages(JsonParser parser) throws IOException {
      List<Message> messages = new ArrayList<>();
      for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
        if (element != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        boolean user = false;
        Content content = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (field.equals("role") && value == JsonToken.VALUE_STRING) {
            user = parser.getText().equals("user");
          } else if (field.equals("content")) {
            content = content(parser, value);
          } else {
            parser.skipChildren();
          }
        }
        messages.add(new Message(user, content));
      }
      return messages;
    }

    /** A string's span or a list's last element; null for anything else (and for an empty list). */
    private static Content content(JsonParser parser, JsonToken value) throws IOException {
      if (value == JsonToken.VALUE_STRING) {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        boolean empty = parser.getText().isEmpty();
        int end = (int) parser.currentLocation().getCharOffset();
        return new Content(false, start, end, empty, null);
      }
      if (value == JsonToken.START_ARRAY) {
        ObjectEnd last = lastObject(parser);
        return last == null ? null : new Content(true, 0, 0, false, last);
      }
      parser.skipChildren();
      return null;
    }

    /** Reads a list to its end; its last element if that is an object, else null. */
    private static ObjectEnd lastObject(JsonParser parser) throws IOException {
      ObjectEnd last = null;
      for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
        if (element == JsonToken.START_OBJECT) {
          last = object(parser);
        } else {
          parser.skipChildren();
          last = null;
        }
      }
      return last;
    }

    private static ObjectEnd object(JsonParser parser) throws IOException {
      boolean hasFields = false;
      String type = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        hasFields = true;
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          type = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      return new ObjectEnd((int) parser.currentTokenLocation().getCharOffset(), hasFields, type);
    }
  }
}
