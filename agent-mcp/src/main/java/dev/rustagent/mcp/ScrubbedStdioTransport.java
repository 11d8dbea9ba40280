package dev.rustagent.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The SDK's stdio transport with an empty starting environment: the SDK would copy this whole
 * process's environment into the child and only add the configured variables.
 */
final class ScrubbedStdioTransport extends StdioClientTransport {
  ScrubbedStdioTransport(ServerParameters parameters, McpJsonMapper mapper, int maxMessageChars) {
    super(parameters, mapper, maxMessageChars);
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder fresh = new ProcessBuilder();
    fresh.environment().clear();
    return fresh;
  }
}
