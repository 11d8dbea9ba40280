package dev.rustagent.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** The server's JSON: snake_case field names, nulls left out, and request checks with clear messages. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Parses a request body that must be a JSON object with only the {@code allowed} fields.
   *
   * @throws ApiException 400 for an empty body, malformed JSON, another JSON type or an unknown field
   */
  static ObjectNode object(String body, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("the request body is empty; send a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("unknown fields " + unknown + "; allowed: " + new TreeSet<>(allowed));
    }
    return (ObjectNode) node;
  }

  /** A required non-blank string field. */
  static String requiredText(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.badRequest("'" + field + "' is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    if (value.asText().isBlank()) {
      throw ApiException.badRequest("'" + field + "' must not be blank");
    }
    return value.asText();
  }

  /** An optional string field, or null. */
  static String optionalText(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return value.asText();
  }

  /** An optional integer field within bounds, or null. */
  static Integer optionalInt(ObjectNode node, String field, int min, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw ApiException.badRequest("'" + field + "' must be an integer from " + min + " to " + max);
    }
    return value.asInt();
  }

  /** An optional boolean field, else {@code fallback}. */
  static boolean optionalBoolean(ObjectNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest("'" + field + "' must be true or false");
    }
    return value.asBoolean();
  }
}
