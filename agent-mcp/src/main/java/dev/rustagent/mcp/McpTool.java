package dev.rustagent.mcp;

import dev.rustagent.tools.spi.internal.SpiJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One tool of an MCP server as an agent tool. Unless the host or config marked it read-only, a call
 * is assumed to do anything a program can: change files, run commands and reach the network, so the
 * permission gate asks (or refuses) under the default policy.
 */
final class McpTool implements Tool {
  private static final ObjectMapper JSON = SpiJson.MAPPER;
  private static final Set<Action> ANYTHING = EnumSet.of(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.NETWORK);

  private final McpTools owner;
  private final McpConnection connection;
  private final String name;
  private final String serverToolName;
  private final String description;
  private final JsonObjectSchema parameters;
  private final boolean readOnly;

  McpTool(McpTools owner, McpConnection connection, String name, String serverToolName, String description,
      JsonObjectSchema parameters, boolean readOnly) {
    this.owner = owner;
    this.connection = connection;
    this.name = name;
    this.serverToolName = serverToolName;
    this.description = description;
    this.parameters = parameters;
    this.readOnly = readOnly;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public JsonObjectSchema parameters() {
    return parameters;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return readOnly ? Set.of(Action.READ) : ANYTHING;
  }

  @Override
  public String describe(ToolArguments arguments, ToolContext context) {
    return "MCP server '" + connection.name() + "' tool '" + serverToolName + "' " + arguments.toJson()
        + (readOnly ? " (marked read-only)" : " (an MCP tool may change files, run programs and use the network)");
  }

  @Override
  public ToolResult execute(ToolArguments arguments, ToolContext context) {
    if (owner.isClosed()) {
      return ToolResult.failure("the MCP servers were shut down; '" + name + "' is unavailable");
    }
    Map<String, Object> values = JSON.convertValue(arguments.json(), new TypeReference<Map<String, Object>>() {});
    return connection.call(serverToolName, values, context);
  }

  /** The server this tool belongs to. */
  String server() {
    return connection.name();
  }

  /** The tool's own name on its server. */
  String serverToolName() {
    return serverToolName;
  }
}
