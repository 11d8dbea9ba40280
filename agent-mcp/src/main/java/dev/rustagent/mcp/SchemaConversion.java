package dev.rustagent.mcp;

import dev.rustagent.tools.spi.internal.SpiJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an MCP tool's {@code inputSchema} (JSON Schema as a map) into the LangChain4j schema the
 * registry validates against. The top level must be an object schema; anything inside that this
 * conversion does not model (references, {@code oneOf}, non-string enums, ...) is kept as a raw schema,
 * which the model sees as given and the argument check accepts as is (the server checks it again).
 */
final class SchemaConversion {
  private static final ObjectMapper JSON = SpiJson.MAPPER;
  private static final int MAX_DEPTH = 32;

  private SchemaConversion() {}

  /** Thrown for a schema that cannot describe a tool's arguments. */
  static final class MalformedSchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedSchemaException(String message) {
      super(message);
    }
  }

  static JsonObjectSchema toObjectSchema(Map<String, Object> schema) throws MalformedSchemaException {
    if (schema == null) {
      // the spec requires inputSchema; a missing one means "no arguments"
      return JsonObjectSchema.builder().build();
    }
    Object type = schema.get("type");
    if (type != null && !"object".equals(type)) {
      throw new MalformedSchemaException("inputSchema must have type \"object\", got " + describe(type));
    }
    JsonSchemaElement element = convert(schema, "inputSchema", 0, true);
    if (!(element instanceof JsonObjectSchema object)) {
      throw new MalformedSchemaException("inputSchema is not an object schema");
    }
    return object;
  }

  private static JsonSchemaElement convert(Object node, String path, int depth, boolean top)
      throws MalformedSchemaException {
    if (depth > MAX_DEPTH) {
      throw new MalformedSchemaException(path + " is nested more than " + MAX_DEPTH + " levels deep");
    }
    if (node instanceof Boolean) {
      return raw(node, path);
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw new MalformedSchemaException(path + " must be a JSON object, got " + describe(node));
    }
    String description = optionalString(map, "description", path);
    Object type = map.get("type");
    if (map.containsKey("enum")) {
      if (!(map.get("enum") instanceof List<?> values) || values.isEmpty()) {
        throw new MalformedSchemaException(path + ".enum must be a non-empty array");
      }
      if (values.stream().allMatch(String.class::isInstance)) {
        return JsonEnumSchema.builder().description(description)
            .enumValues(values.stream().map(String.class::cast).toList()).build();
      }
      return raw(map, path);
    }
    if (map.containsKey("anyOf")) {
      if (!(map.get("anyOf") instanceof List<?> options) || options.isEmpty()) {
        throw new MalformedSchemaException(path + ".anyOf must be a non-empty array");
      }
      List<JsonSchemaElement> converted = new ArrayList<>();
      for (int i = 0; i < options.size(); i++) {
        converted.add(convert(options.get(i), path + ".anyOf[" + i + "]", depth + 1, false));
      }
      return JsonAnyOfSchema.builder().description(description).anyOf(converted).build();
    }
    if (type == null && top) {
      type = "object";
    }
    if (!(type instanceof String typeName)) {
      return raw(map, path);
    }
    return switch (typeName) {
      case "object" -> object(map, path, description, depth);
      case "string" -> JsonStringSchema.builder().description(description).build();
      case "integer" -> JsonIntegerSchema.builder().description(description).build();
      case "number" -> JsonNumberSchema.builder().description(description).build();
      case "boolean" -> JsonBooleanSchema.builder().description(description).build();
      case "null" -> new JsonNullSchema();
      case "array" -> {
        Object items = map.get("items");
        JsonArraySchema.Builder array = JsonArraySchema.builder().description(description);
        if (items != null) {
          array.items(convert(items, path + ".items", depth + 1, false));
        }
        yield array.build();
      }
      default -> throw new MalformedSchemaException(path + ".type '" + typeName + "' is not a JSON Schema type");
    };
  }

  private static JsonObjectSchema object(Map<?, ?> map, String path, String description, int depth)
      throws MalformedSchemaException {
    JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(description);
    Object properties = map.get("properties");
    Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
    if (properties != null) {
      if (!(properties instanceof Map<?, ?> props)) {
        throw new MalformedSchemaException(path + ".properties must be a JSON object, got " + describe(properties));
      }
      for (Map.Entry<?, ?> property : props.entrySet()) {
        String name = String.valueOf(property.getKey());
        converted.put(name, convert(property.getValue(), path + ".properties." + name, depth + 1, false));
      }
    }
    object.addProperties(converted);
    Object required = map.get("required");
    if (required != null) {
      if (!(required instanceof List<?> names) || !names.stream().allMatch(String.class::isInstance)) {
        throw new MalformedSchemaException(path + ".required must be an array of strings, got " + describe(required));
      }
      object.required(names.stream().map(String.class::cast).toList());
    }
    if (map.get("additionalProperties") instanceof Boolean additional) {
      object.additionalProperties(additional);
    }
    return object.build();
  }

  private static String optionalString(Map<?, ?> map, String key, String path) throws MalformedSchemaException {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new MalformedSchemaException(path + "." + key + " must be a string, got " + describe(value));
    }
    return text;
  }

  private static JsonSchemaElement raw(Object node, String path) throws MalformedSchemaException {
    try {
      return JsonRawSchema.from(JSON.writeValueAsString(node));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new MalformedSchemaException(path + " cannot be written as JSON: " + e.getMessage());
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
