package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of one tool call: a JSON object, with typed accessors that fail with a
 * {@link ToolArgumentException} naming the field when a value is missing or of the wrong type.
 * Immutable.
 */
public final class ToolArguments {
  private static final ObjectMapper MAPPER = dev.rustagent.tools.spi.internal.SpiJson.MAPPER;
  private static final ToolArguments EMPTY = new ToolArguments(MAPPER.createObjectNode());

  private final ObjectNode json;

  private ToolArguments(ObjectNode json) {
    this.json = json;
  }

  /** No arguments. */
  public static ToolArguments empty() {
    return EMPTY;
  }

  /**
   * Parses a JSON object. A blank string means no arguments.
   *
   * @throws ToolArgumentException when the text is not a JSON object
   */
  public static ToolArguments parse(String text) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ToolArgumentException("arguments are not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ToolArgumentException("arguments must be a JSON object, got: " + abbreviate(text));
    }
    return new ToolArguments((ObjectNode) node);
  }

  /** Wraps a copy of the given JSON object. */
  public static ToolArguments of(ObjectNode json) {
    return new ToolArguments(requireNonNull(json, "json").deepCopy());
  }

  /** Whether the field is present and not JSON null. */
  public boolean has(String field) {
    JsonNode value = json.get(field);
    return value != null && !value.isNull();
  }

  /** A required string field. */
  public String string(String field) {
    return optionalString(field)
        .orElseThrow(() -> new ToolArgumentException("missing required string field '" + field + "'"));
  }

  /** An optional string field. */
  public Optional<String> optionalString(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = json.get(field);
    if (!value.isTextual()) {
      throw new ToolArgumentException("field '" + field + "' must be a string");
    }
    return Optional.of(value.asText());
  }

  /** An optional array of strings; empty when absent. */
  public List<String> stringList(String field) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode value = json.get(field);
    if (!value.isArray()) {
      throw new ToolArgumentException("field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new ToolArgumentException("field '" + field + "' must be an array of strings");
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  /** An optional boolean field, or the default when absent. */
  public boolean bool(String field, boolean defaultValue) {
    if (!has(field)) {
      return defaultValue;
    }
    JsonNode value = json.get(field);
    if (!value.isBoolean()) {
      throw new ToolArgumentException("field '" + field + "' must be a boolean");
    }
    return value.asBoolean();
  }

  /** An optional integer field. */
  public Optional<Long> integer(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = json.get(field);
    if (!value.isIntegralNumber()) {
      throw new ToolArgumentException("field '" + field + "' must be an integer");
    }
    return Optional.of(value.asLong());
  }

  /** A copy of the underlying JSON object. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** The arguments as compact JSON text. */
  public String toJson() {
    return json.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolArguments other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /**
   * The arguments of a tool call are not usable: not JSON, not an object, missing a required field or
   * holding a value of the wrong type. The message names the tool and every problem found, so the
   * model can correct the call.
   */
  public static class ToolArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the tool and the problem. */
    public ToolArgumentException(String message) {
      super(message);
    }

    /** Creates the exception with its cause. */
    public ToolArgumentException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
