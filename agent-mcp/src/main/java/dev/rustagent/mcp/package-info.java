/**
 * Model Context Protocol client: the tools of MCP servers (stdio child processes or streamable HTTP
 * endpoints) become ordinary agent {@link dev.rustagent.tools.Tool}s named {@code SERVER__tool}, so
 * every call goes through the agent's permission gate. Configure servers with
 * {@link dev.rustagent.mcp.McpServerConfig} or the {@code [mcp.servers.NAME]} tables of the TOML
 * config, and run them with {@link dev.rustagent.mcp.McpTools}.
 */
@NullMarked
package dev.rustagent.mcp;

import org.jspecify.annotations.NullMarked;
