package dev.rustagent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.rustagent.tools.ToolArguments.ToolArgumentException;
import dev.rustagent.tools.Tool.Action;

class ToolRegistryTest {

  static final JsonObjectSchema CARGO_SCHEMA = JsonObjectSchema.builder()
      .addProperty("subcommand", JsonEnumSchema.builder().enumValues("check", "build", "test").build())
      .addProperty("args", JsonArraySchema.builder().items(new JsonStringSchema()).build())
      .addBooleanProperty("offline")
      .addIntegerProperty("jobs")
      .required("subcommand")
      .build();

  static Tool tool(String name, JsonObjectSchema schema) {
    return tool(name, schema, null);
  }

  /** A tool that is unavailable for {@code reason} when it is not null. */
  static Tool tool(String name, JsonObjectSchema schema, String reason) {
    return new Tool() {
      @Override
      public Optional<String> unavailableReason() {
        return Optional.ofNullable(reason);
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a test tool";
      }

      @Override
      public JsonObjectSchema parameters() {
        return schema;
      }

      @Override
      public Set<Action> actions(ToolArguments arguments) {
        return Set.of(Action.READ);
      }

      @Override
      public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return ToolResult.success("ran " + name);
      }
    };
  }

  @Test
  void discoverFindsProvidersListedInMetaInfServices() {
    ToolRegistry registry = ToolRegistry.discover();

    assertThat(registry.find("discovered_echo")).isPresent();
  }

  @Test
  void twoToolsWithOneNameAreRejectedWithBothNamed() {
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA));

    assertThatThrownBy(() -> registry.register(tool("cargo", CARGO_SCHEMA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a tool named 'cargo' is already registered");
  }

  @Test
  void namesOutsideTheModelsAlphabetAreRejected() {
    assertThatThrownBy(() -> ToolRegistry.of(tool("read file", CARGO_SCHEMA)))
        .hasMessageContaining("must be 1 to 64 characters of [a-zA-Z0-9_-]");
    assertThatThrownBy(() -> ToolRegistry.of(tool("x".repeat(65), CARGO_SCHEMA)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ToolRegistry.of(tool("", CARGO_SCHEMA))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void specificationsDescribeAvailableToolsOnly() {
    Tool missing = tool("rust_analyzer", JsonObjectSchema.builder().build(), "rust-analyzer is not on PATH");
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA), missing);

    List<ToolSpecification> specs = registry.specifications();

    assertThat(specs).extracting(ToolSpecification::name).containsExactly("cargo");
    assertThat(specs.get(0).parameters()).isEqualTo(CARGO_SCHEMA);
    assertThat(registry.tools()).hasSize(2);
  }

  @Test
  void validArgumentsPass() {
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA));

    ToolArguments args = registry.parseArguments("cargo", "{\"subcommand\":\"test\",\"args\":[\"--lib\"],\"jobs\":2}");

    assertThat(args.string("subcommand")).isEqualTo("test");
    assertThat(args.stringList("args")).containsExactly("--lib");
    assertThat(args.integer("jobs")).contains(2L);
  }

  @Test
  void everyProblemOfTheArgumentsIsNamed() {
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA));

    assertThatThrownBy(() -> registry.parseArguments("cargo", "{\"args\":[1],\"offline\":\"yes\",\"jobs\":1.5}"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessageContaining("tool 'cargo' got invalid arguments")
        .hasMessageContaining("missing required field 'subcommand'")
        .hasMessageContaining("args[0] must be a string")
        .hasMessageContaining("offline must be a boolean")
        .hasMessageContaining("jobs must be an integer");
  }

  @Test
  void enumValuesAreChecked() {
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA));

    assertThatThrownBy(() -> registry.parseArguments("cargo", "{\"subcommand\":\"publish\"}"))
        .hasMessageContaining("subcommand must be one of [check, build, test]");
  }

  @Test
  void textThatIsNotAJsonObjectIsRejected() {
    ToolRegistry registry = ToolRegistry.of(tool("cargo", CARGO_SCHEMA));

    assertThatThrownBy(() -> registry.parseArguments("cargo", "{\"subcommand\":")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> registry.parseArguments("cargo", "[1,2]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> registry.parseArguments("nope", "{}")).hasMessageContaining("unknown tool 'nope'")
        .hasMessageContaining("cargo");
  }

  @Test
  void unknownFieldsAreRejectedOnlyWhenTheSchemaSaysSo() {
    JsonObjectSchema strict = JsonObjectSchema.builder().addStringProperty("path").additionalProperties(false).build();
    ToolRegistry registry = ToolRegistry.of(tool("strict", strict), tool("lenient", JsonObjectSchema.builder().build()));

    assertThatThrownBy(() -> registry.parseArguments("strict", "{\"path\":\"a\",\"extra\":1}"))
        .hasMessageContaining("unknown field 'extra'");
    assertThat(registry.parseArguments("lenient", "{\"extra\":1}").has("extra")).isTrue();
  }
}
