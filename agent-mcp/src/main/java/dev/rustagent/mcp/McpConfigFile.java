package dev.rustagent.mcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.rustagent.mcp.McpServerConfig.McpConfigException;

/**
 * Reads the {@code [mcp]} table of the TOML config: {@code startup = "lazy" | "eager"} and one
 * {@code [mcp.servers.NAME]} table per server with {@code command}, {@code args}, {@code env} (a
 * table of strings) or {@code url}, and the optional {@code timeout_seconds} and
 * {@code read_only_tools}. Other tables of the file belong to other readers and are ignored.
 */
final class McpConfigFile {
  private static final TomlMapper TOML = new TomlMapper();
  private static final Set<String> MCP_KEYS = Set.of("startup", "servers");
  private static final Set<String> SERVER_KEYS =
      Set.of("command", "args", "env", "url", "timeout_seconds", "read_only_tools");

  record Parsed(McpTools.Startup startup, List<McpServerConfig> servers) {}

  private McpConfigFile() {}

  static Parsed load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new McpConfigException(List.of(file + ": no such config file"));
    } catch (IOException e) {
      throw new McpConfigException(List.of(file + ": cannot read the config file: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  static Parsed parse(String toml, String source) {
    JsonNode root;
    try {
      root = toml.isBlank() ? TOML.createObjectNode() : TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new McpConfigException(List.of(source + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    }
    List<String> problems = new ArrayList<>();
    List<McpServerConfig> servers = new ArrayList<>();
    McpTools.Startup startup = McpTools.Startup.EAGER;
    JsonNode mcp = root.get("mcp");
    if (mcp == null) {
      return new Parsed(startup, List.of());
    }
    if (!mcp.isObject()) {
      throw new McpConfigException(List.of(source + ": mcp must be a table [mcp]"));
    }
    for (Map.Entry<String, JsonNode> entry : mcp.properties()) {
      if (!MCP_KEYS.contains(entry.getKey())) {
        problems.add(source + ": [mcp] " + entry.getKey() + " is not a known key (known: startup, servers)");
      }
    }
    JsonNode startupNode = mcp.get("startup");
    if (startupNode != null) {
      if (startupNode.isTextual() && (startupNode.asText().equals("lazy") || startupNode.asText().equals("eager"))) {
        startup = startupNode.asText().equals("lazy") ? McpTools.Startup.LAZY : McpTools.Startup.EAGER;
      } else {
        problems.add(source + ": [mcp] startup must be \"lazy\" or \"eager\", got " + startupNode);
      }
    }
    JsonNode serversNode = mcp.get("servers");
    if (serversNode != null && !serversNode.isObject()) {
      problems.add(source + ": [mcp] servers must be a table of [mcp.servers.NAME] tables");
    } else if (serversNode != null) {
      for (Map.Entry<String, JsonNode> server : serversNode.properties()) {
        McpServerConfig parsed = server(source, server.getKey(), server.getValue(), problems);
        if (parsed != null) {
          servers.add(parsed);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new McpConfigException(problems);
    }
    return new Parsed(startup, List.copyOf(servers));
  }

  private static McpServerConfig server(String source, String name, JsonNode table, List<String> problems) {
    String where = source + ": [mcp.servers." + name + "]";
    if (!table.isObject()) {
      problems.add(where + " must be a table");
      return null;
    }
    int before = problems.size();
    for (Map.Entry<String, JsonNode> entry : table.properties()) {
      if (!SERVER_KEYS.contains(entry.getKey())) {
        problems.add(where + " " + entry.getKey() + " is not a known key (known: command, args, env, url,"
            + " timeout_seconds, read_only_tools)");
      }
    }
    McpServerConfig.Builder builder;
    try {
      builder = McpServerConfig.builder(name);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
    JsonNode command = table.get("command");
    JsonNode url = table.get("url");
    if (command != null && url != null) {
      problems.add(where + " has both command and url; give one (command for stdio, url for HTTP)");
    } else if (command == null && url == null) {
      problems.add(where + " needs command (a stdio server) or url (a streamable HTTP server)");
    }
    List<String> args = strings(table.get("args"), where + " args", problems);
    if (table.get("args") != null && command == null) {
      problems.add(where + " args needs command");
    }
    try {
      if (command != null) {
        if (!command.isTextual()) {
          problems.add(where + " command must be a string, got " + command.getNodeType().toString().toLowerCase());
        } else {
          builder.command(command.asText(), args);
        }
      }
      if (url != null) {
        if (!url.isTextual()) {
          problems.add(where + " url must be a string");
        } else {
          builder.url(new URI(url.asText()));
        }
      }
      JsonNode env = table.get("env");
      if (env != null) {
        if (!env.isObject()) {
          problems.add(where + " env must be a table of strings, e.g. env = { API_TOKEN = \"...\" }");
        } else {
          for (Map.Entry<String, JsonNode> variable : env.properties()) {
            if (!variable.getValue().isTextual()) {
              problems.add(where + " env." + variable.getKey() + " must be a string");
            } else {
              builder.env(variable.getKey(), variable.getValue().asText());
            }
          }
        }
      }
      JsonNode timeout = table.get("timeout_seconds");
      if (timeout != null) {
        if (!timeout.isIntegralNumber() || timeout.asLong() <= 0) {
          problems.add(where + " timeout_seconds must be a positive integer, got " + timeout);
        } else {
          builder.timeout(Duration.ofSeconds(timeout.asLong()));
        }
      }
      builder.readOnlyTools(strings(table.get("read_only_tools"), where + " read_only_tools", problems)
          .toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
    } catch (URISyntaxException e) {
      problems.add(where + " url is not a URL: " + e.getMessage());
    }
    if (problems.size() > before) {
      return null;
    }
    return builder.build();
  }

  private static List<String> strings(JsonNode node, String where, List<String> problems) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(where + " must be an array of strings");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        problems.add(where + " must hold only strings, got " + item);
      } else {
        values.add(item.asText());
      }
    }
    return values;
  }
}
