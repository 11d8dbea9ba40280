package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.rustagent.tools.ToolArguments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaConversionTest {

  @Test
  void convertsPropertiesRequiredArraysAndEnums() throws Exception {
    JsonObjectSchema schema = SchemaConversion.toObjectSchema(Map.of("type", "object",
        "properties", Map.of(
            "path", Map.of("type", "string", "description", "where"),
            "tags", Map.of("type", "array", "items", Map.of("type", "string")),
            "mode", Map.of("type", "string", "enum", List.of("a", "b"))),
        "required", List.of("path")));

    assertThat(schema.required()).containsExactly("path");
    assertThat(schema.properties().get("tags")).isInstanceOf(JsonArraySchema.class);
    assertThat(schema.properties().get("mode")).isInstanceOfSatisfying(JsonEnumSchema.class,
        e -> assertThat(e.enumValues()).containsExactly("a", "b"));
  }

  @Test
  void constructsItDoesNotModelAreKeptRaw() throws Exception {
    JsonObjectSchema schema = SchemaConversion.toObjectSchema(Map.of("type", "object",
        "properties", Map.of("level", Map.of("enum", List.of(1, 2, 3)), "ref", Map.of("$ref", "#/$defs/x"))));

    assertThat(schema.properties().get("level")).isInstanceOf(JsonRawSchema.class);
    assertThat(schema.properties().get("ref")).isInstanceOf(JsonRawSchema.class);
  }

  @Test
  void theConvertedSchemaValidatesArgumentsInTheRegistry() throws Exception {
    JsonObjectSchema schema = SchemaConversion.toObjectSchema(Map.of("type", "object",
        "properties", Map.of("n", Map.of("type", "integer")), "required", List.of("n")));
    var tool = new McpTool(null, null, "s__t", "t", "d", schema, true);

    assertThatThrownBy(() -> dev.rustagent.tools.ToolRegistry.validate(tool, "{\"n\":\"seven\"}"))
        .hasMessageContaining("must be an integer");
    assertThat(dev.rustagent.tools.ToolRegistry.validate(tool, "{\"n\":7}")).isEqualTo(ToolArguments.parse("{\"n\":7}"));
  }

  @Test
  void aMissingSchemaMeansNoArguments() throws Exception {
    assertThat(SchemaConversion.toObjectSchema(null).properties()).isEmpty();
  }

  @Test
  void malformedSchemasAreRefusedWithThePathOfTheProblem() {
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(Map.of("type", "array")))
        .hasMessage("inputSchema must have type \"object\", got string array");
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(Map.of("type", "object", "properties", List.of())))
        .hasMessageContaining("inputSchema.properties must be a JSON object, got an array");
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(Map.of("type", "object",
        "properties", Map.of("x", Map.of("type", "strnig")))))
        .hasMessageContaining("inputSchema.properties.x.type 'strnig' is not a JSON Schema type");
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(Map.of("type", "object", "required", "x")))
        .hasMessageContaining("required must be an array of strings");
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(Map.of("type", "object",
        "properties", Map.of("x", "string"))))
        .hasMessageContaining("inputSchema.properties.x must be a JSON object");
  }

  @Test
  void aSchemaNestedTooDeeplyIsRefused() {
    Map<String, Object> deep = Map.of("type", "string");
    for (int i = 0; i < 40; i++) {
      deep = Map.of("type", "array", "items", deep);
    }
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("x", deep));
    assertThatThrownBy(() -> SchemaConversion.toObjectSchema(schema)).hasMessageContaining("nested more than");
  }
}
