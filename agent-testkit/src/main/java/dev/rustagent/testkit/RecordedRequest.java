package dev.rustagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request that reached {@link FakeAnthropicServer}, kept for assertions.
 *
 * @param method the HTTP method
 * @param path the request path without the query, e.g. {@code /v1/messages}
 * @param headers the headers, names in lower case
 * @param body the body as text (empty for GET)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
  private static final ObjectMapper JSON = AnthropicWireFormat.JSON;

  /** Validates and copies the request. */
  public RecordedRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(body, "body");
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Map.copyOf(lower);
  }

  /** The first value of a header (name in any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The API key the client sent, as {@code x-api-key} or {@code Authorization: Bearer}. */
  public Optional<String> apiKey() {
    Optional<String> key = header("x-api-key");
    if (key.isPresent()) {
      return key;
    }
    return header("authorization")
        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(value -> value.substring(7).trim());
  }

  /**
   * The body parsed as JSON.
   *
   * @throws IllegalStateException when the body is not JSON
   */
  public JsonNode json() {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether the request asked for an SSE stream ({@code "stream": true}). */
  public boolean streaming() {
    if (body.isBlank()) {
      return false;
    }
    try {
      return JSON.readTree(body).path("stream").asBoolean(false);
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
