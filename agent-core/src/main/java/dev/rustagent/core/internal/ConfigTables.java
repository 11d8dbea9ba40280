package dev.rustagent.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the TOML configuration file, shared by the modules that each own a section of it
 * (agent-core {@code [context]}, agent-llm-claude {@code [llm]}, ...): the file, the typed values of one
 * section, and the environment overrides named {@code RUST_AGENT_<SECTION>_<KEY>}, old names included
 * with a warning. <strong>Not public API.</strong>
 */
public final class ConfigTables {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigTables.class);
  private static final TomlMapper TOML = new TomlMapper();

  /** The type of a key's value. */
  public enum Type {
    /** A string. */
    STRING("a string"),
    /** An integer (read as a {@code Long}). */
    INTEGER("an integer"),
    /** A number (read as a {@code Double}). */
    NUMBER("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("a boolean (true or false)"),
    /** A nested section ({@code [art.models]} within {@code [art]}), read by its own call; no variable. */
    TABLE("a table");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /** How the expected type is named in messages. */
    public String description() {
      return description;
    }
  }

  private ConfigTables() {}

  /**
   * The text of a config file.
   *
   * @throws AgentConfigException when it is missing or unreadable
   */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AgentConfigException(file + ": no such config file", e);
    } catch (IOException e) {
      throw new AgentConfigException(file + ": cannot read the config file: " + e.getMessage(), e);
    }
  }

  /**
   * The TOML tree of {@code toml} (named {@code source} in messages); blank text is an empty table.
   *
   * @throws AgentConfigException when it is not valid TOML
   */
  public static JsonNode parse(String toml, String source) {
    try {
      return toml.isBlank() ? TOML.createObjectNode() : TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new AgentConfigException(source + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
  }

  /**
   * The environment variable of a key: {@code RUST_AGENT_<SECTION>_<KEY>}, a nested section's dots
   * as underscores ({@code RUST_AGENT_ART_MODELS_CHAMPION}).
   */
  public static String variable(String section, String key) {
    return "RUST_AGENT_" + section.replace('.', '_').toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
  }

  /**
   * The values of one section: the file's, then each key's environment variable (or an old name of it
   * from {@code oldNames}, which logs a warning; the new name wins). Unknown keys, values of the wrong
   * type and a section that is not a table are added to {@code problems}, each naming the source, the
   * section and the key.
   *
   * @param root the file's TOML tree
   * @param source the file's name in messages
   * @param section the section's name; a nested one is dotted ({@code art.models})
   * @param keys the section's keys and their types, in the order they are documented; a
   *     {@link Type#TABLE} key names a nested section and is not collected
   * @param environment the environment
   * @param oldNames old variable names, each with the variable that replaced it
   * @param problems where problems are collected
   * @return the values found, by key: {@code String}, {@code Long}, {@code Double} or {@code Boolean}
   */
  public static Map<String, Object> section(JsonNode root, String source, String section, Map<String, Type> keys,
      Map<String, String> environment, Map<String, String> oldNames, List<String> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    JsonNode table = root;
    for (String part : section.split("\\.")) {
      table = table == null || !table.isObject() ? null : table.get(part);
    }
    if (table != null && !table.isObject()) {
      problems.add(source + ": " + section + " must be a table [" + section + "]");
    } else if (table != null) {
      for (Map.Entry<String, JsonNode> entry : table.properties()) {
        String where = source + ": [" + section + "] " + entry.getKey();
        Type type = keys.get(entry.getKey());
        if (type == null) {
          problems.add(where + " is not a known key (known: " + String.join(", ", keys.entrySet().stream()
              .map(k -> k.getValue() == Type.TABLE ? "[" + section + "." + k.getKey() + "]" : k.getKey())
              .toList()) + ")");
          continue;
        }
        Object value = fromToml(entry.getValue(), type);
        if (value == null) {
          problems.add(where + " must be " + type.description() + ", got " + describe(entry.getValue()));
        } else if (type != Type.TABLE) {
          values.put(entry.getKey(), value);
        }
      }
    }
    keys.forEach((key, type) -> {
      if (type == Type.TABLE) {
        return;
      }
      String variable = variable(section, key);
      String raw = environment.get(variable);
      if (raw == null) {
        raw = oldVariable(variable, environment, oldNames);
      }
      if (raw == null) {
        return;
      }
      Object value = fromEnvironment(raw.strip(), type);
      if (value == null) {
        problems.add("environment variable " + variable + " must be " + type.description() + ", got \"" + raw + "\"");
      } else {
        values.put(key, value);
      }
    });
    return values;
  }

  private static String oldVariable(String variable, Map<String, String> environment, Map<String, String> oldNames) {
    for (Map.Entry<String, String> old : oldNames.entrySet()) {
      if (old.getValue().equals(variable) && environment.get(old.getKey()) != null) {
        LOG.warn("the environment variable {} is deprecated; use {}", old.getKey(), variable);
        return environment.get(old.getKey());
      }
    }
    return null;
  }

  private static Object fromToml(JsonNode node, Type type) {
    return switch (type) {
      case STRING -> node.isTextual() ? node.asText() : null;
      case INTEGER -> node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
      case NUMBER -> node.isNumber() ? node.asDouble() : null;
      case BOOLEAN -> node.isBoolean() ? node.asBoolean() : null;
      case TABLE -> node.isObject() ? node : null;
    };
  }

  private static Object fromEnvironment(String raw, Type type) {
    try {
      return switch (type) {
        case STRING -> raw;
        case INTEGER -> Long.parseLong(raw);
        case NUMBER -> Double.parseDouble(raw);
        case BOOLEAN -> raw.equalsIgnoreCase("true") ? Boolean.TRUE
            : raw.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        case TABLE -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string \"" + node.asText() + "\"";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isIntegralNumber()) {
      return "the integer " + node.asText();
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "a table";
    }
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
