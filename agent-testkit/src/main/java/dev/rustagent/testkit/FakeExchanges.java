package dev.rustagent.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.rustagent.testkit.AnthropicWireFormat.Event;
import dev.rustagent.testkit.FakeResponse.ApiError;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link FakeAnthropicServer} writes its answers on the wire: JSON and SSE bodies with a
 * {@code request-id}, error bodies in the Anthropic and OpenAI shapes, dropped and stalled connections,
 * the models list, and the API's id format.
 */
final class FakeExchanges {
  private FakeExchanges() {}

  /** Thrown out of the handler to make the server drop the connection. */
  static final class ConnectionDrop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionDrop() {
      super("fake Anthropic server drops the connection on cue", null, false, false);
    }
  }

  static void sendOpenAiError(HttpExchange exchange, ApiError error) throws IOException {
    error.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    sendJson(exchange, error.status(), AnthropicWireFormat.openAiErrorJson(error));
  }

  static void sendRaw(HttpExchange exchange, FakeResponse.RawBody raw) throws IOException {
    byte[] bytes = raw.body().getBytes(UTF_8);
    exchange.getResponseHeaders().set("content-type", raw.contentType());
    exchange.getResponseHeaders().set("request-id", requestId());
    exchange.sendResponseHeaders(raw.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void stream(HttpExchange exchange, List<Event> events, int limit, Event last) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("cache-control", "no-cache");
    exchange.getResponseHeaders().set("request-id", requestId());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    int count = 0;
    for (Event event : events) {
      if (count++ >= limit) {
        break;
      }
      out.write(event.render().getBytes(UTF_8));
      out.flush();
    }
    if (last != null) {
      out.write(last.render().getBytes(UTF_8));
      out.flush();
    }
    out.close();
  }

  /**
   * Sends part of a chunked body, then escapes the handler without finishing the exchange: the JDK
   * server then closes the socket, so the client sees the connection drop mid-response.
   */
  static void dropAfter(HttpExchange exchange, String contentType, byte[] sent) throws IOException {
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write(sent);
    out.flush();
    throw new ConnectionDrop();
  }

  /** Sends part of a body, then waits until the client disconnects or the server is closed. */
  static void stall(HttpExchange exchange, String contentType, byte[] sent) throws IOException {
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write(sent);
    out.flush();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new ConnectionDrop();
  }

  static void sendError(HttpExchange exchange, ApiError error) throws IOException {
    error.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    String requestId = requestId();
    exchange.getResponseHeaders().set("request-id", requestId);
    sendJson(exchange, error.status(), AnthropicWireFormat.errorJson(error, requestId));
  }

  static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    if (!exchange.getResponseHeaders().containsKey("request-id")) {
      exchange.getResponseHeaders().set("request-id", requestId());
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** {@code GET /v1/models} with {@code limit} (1 to 1000, default 20) and {@code after_id}. */
  static String modelsJson(List<String> models, String query) {
    int limit = 20;
    String afterId = null;
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        String value = kv.length > 1 ? java.net.URLDecoder.decode(kv[1], UTF_8) : "";
        if (kv[0].equals("limit")) {
          try {
            limit = Math.max(1, Math.min(1000, Integer.parseInt(value)));
          } catch (NumberFormatException e) {
            limit = 20;
          }
        } else if (kv[0].equals("after_id")) {
          afterId = value;
        }
      }
    }
    List<String> ids = new ArrayList<>(models);
    int from = afterId == null ? 0 : ids.indexOf(afterId) + 1;
    List<String> page = ids.subList(Math.min(from, ids.size()), Math.min(ids.size(), from + limit));
    ObjectNode root = AnthropicWireFormat.JSON.createObjectNode();
    ArrayNode data = root.putArray("data");
    for (String id : page) {
      data.add(modelJson(id));
    }
    root.put("has_more", from + page.size() < ids.size());
    if (page.isEmpty()) {
      root.putNull("first_id");
      root.putNull("last_id");
    } else {
      root.put("first_id", page.get(0));
      root.put("last_id", page.get(page.size() - 1));
    }
    return AnthropicWireFormat.write(root);
  }

  static void model(HttpExchange exchange, List<String> models, String id) throws IOException {
    String decoded = java.net.URLDecoder.decode(id, UTF_8);
    if (models.contains(decoded)) {
      sendJson(exchange, 200, AnthropicWireFormat.write(modelJson(decoded)));
    } else {
      sendError(exchange, FakeResponse.error(404, "not_found_error", "model: " + decoded));
    }
  }

  private static ObjectNode modelJson(String id) {
    ObjectNode model = AnthropicWireFormat.JSON.createObjectNode();
    model.put("type", "model");
    model.put("id", id);
    model.put("display_name", id);
    model.put("created_at", "2025-09-29T00:00:00Z");
    return model;
  }

  static String nextId() {
    return "msg_01" + randomId();
  }

  static String requestId() {
    return "req_01" + randomId();
  }

  /** 22 random base-62 characters, as in the API's ids: unique across responses and servers. */
  static String randomId() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(22);
    for (int i = 0; i < 22; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
