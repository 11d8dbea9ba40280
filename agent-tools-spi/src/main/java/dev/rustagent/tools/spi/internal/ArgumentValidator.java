package dev.rustagent.tools.spi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against a LangChain4j schema and lists every problem found, with the JSON path
 * of each. References and raw schemas are accepted as they are (the tool checks those itself).
 */
public final class ArgumentValidator {
  private ArgumentValidator() {}

  /** Returns the problems of {@code value} against {@code schema}; empty when it conforms. */
  public static List<String> validate(JsonObjectSchema schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private static void check(JsonSchemaElement schema, JsonNode value, String path, List<String> problems) {
    if (schema instanceof JsonObjectSchema object) {
      checkObject(object, value, path, problems);
    } else if (schema instanceof JsonStringSchema) {
      expect(value.isTextual(), "a string", value, path, problems);
    } else if (schema instanceof JsonIntegerSchema) {
      expect(value.isIntegralNumber(), "an integer", value, path, problems);
    } else if (schema instanceof JsonNumberSchema) {
      expect(value.isNumber(), "a number", value, path, problems);
    } else if (schema instanceof JsonBooleanSchema) {
      expect(value.isBoolean(), "a boolean", value, path, problems);
    } else if (schema instanceof JsonNullSchema) {
      expect(value.isNull(), "null", value, path, problems);
    } else if (schema instanceof JsonEnumSchema enumSchema) {
      if (!value.isTextual() || !enumSchema.enumValues().contains(value.asText())) {
        problems.add(path + " must be one of " + enumSchema.enumValues() + ", got " + describe(value));
      }
    } else if (schema instanceof JsonArraySchema array) {
      if (!value.isArray()) {
        problems.add(path + " must be an array, got " + describe(value));
      } else if (array.items() != null) {
        for (int i = 0; i < value.size(); i++) {
          check(array.items(), value.get(i), path + "[" + i + "]", problems);
        }
      }
    } else if (schema instanceof JsonAnyOfSchema anyOf) {
      for (JsonSchemaElement option : anyOf.anyOf()) {
        List<String> optionProblems = new ArrayList<>();
        check(option, value, path, optionProblems);
        if (optionProblems.isEmpty()) {
          return;
        }
      }
      problems.add(path + " matches none of the allowed shapes, got " + describe(value));
    }
  }

  private static void checkObject(JsonObjectSchema schema, JsonNode value, String path, List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + " must be an object, got " + describe(value));
      return;
    }
    Map<String, JsonSchemaElement> properties = schema.properties();
    if (schema.required() != null) {
      for (String required : schema.required()) {
        JsonNode field = value.get(required);
        if (field == null || field.isNull()) {
          problems.add("missing required field '" + child(path, required) + "'");
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonSchemaElement fieldSchema = properties == null ? null : properties.get(field.getKey());
      if (fieldSchema == null) {
        if (Boolean.FALSE.equals(schema.additionalProperties())) {
          problems.add("unknown field '" + child(path, field.getKey()) + "'");
        }
      } else if (!field.getValue().isNull()) {
        check(fieldSchema, field.getValue(), child(path, field.getKey()), problems);
      }
    }
  }

  private static void expect(boolean ok, String what, JsonNode value, String path, List<String> problems) {
    if (!ok) {
      problems.add(path + " must be " + what + ", got " + describe(value));
    }
  }

  private static String child(String path, String field) {
    return "$".equals(path) ? field : path + "." + field;
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
  }
}
