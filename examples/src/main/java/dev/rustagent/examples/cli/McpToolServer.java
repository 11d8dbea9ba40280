package dev.rustagent.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves the built-in tools over MCP. Every call goes through an {@link Agent}'s gate
 * ({@link Agent#callTool}): argument check, {@link PermissionPolicy}, approver, timeout. The approver
 * asks the MCP client through elicitation when the client supports it and refuses otherwise, and the
 * refusal tells the client what to do.
 */
final class McpToolServer implements AutoCloseable {
  /** Tools served without {@code --allow-write}: they read, check and explain; git only reads. */
  static final Set<String> READ_TOOLS = Set.of("cargo", "clippy", "rustc_explain", "docs_search",
      "crate_search", "read_file", "list_files", "grep", "git", "rust_analyzer");
  static final String VERSION = "0.1.0";

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());
  private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

  private final Agent agent;
  private final List<Tool> tools;
  private final boolean allowWrite;
  private McpSyncServer server;
  private Server jetty;

  /** What the approver needs to know about the call it is asked about. */
  private static final class Call {
    final McpSyncServerExchange exchange;
    String refusal;

    Call(McpSyncServerExchange exchange) {
      this.exchange = exchange;
    }
  }

  McpToolServer(Path workspace, boolean allowWrite, ToolRegistry registry, Duration toolTimeout) {
    this.allowWrite = allowWrite;
    ToolRegistry served = ToolRegistry.empty();
    for (Tool tool : registry.availableTools()) {
      if (allowWrite || READ_TOOLS.contains(tool.name())) {
        served.register(tool);
      }
    }
    this.tools = served.availableTools();
    this.agent = Agent.builder().chatModel(new NoModel()).tools(served).workspace(workspace)
        .permissionPolicy(policy(allowWrite)).approver(this::approve).toolTimeout(toolTimeout).build();
  }

  /**
   * The server's policy: reading is allowed; cargo check, cargo clippy (without --fix) and cargo
   * metadata/tree run without asking (checking is what the server is for); everything else that runs,
   * changes or reaches the network is asked about; changing the workspace or git is refused outright
   * without --allow-write.
   */
  static PermissionPolicy policy(boolean allowWrite) {
    PermissionPolicy.Builder policy = PermissionPolicy.builder()
        .allow(Action.READ)
        .ask(Action.RUN_COMMAND, Action.NETWORK)
        .allow("cargo(cargo check:*)").allow("cargo(cargo metadata:*)").allow("cargo(cargo tree:*)")
        .allow("cargo(cargo clippy:*)").allow("clippy(cargo clippy)").allow("clippy(cargo clippy :*)");
    if (allowWrite) {
      policy.ask(Action.MODIFY_CODE, Action.GIT_WRITE);
    } else {
      policy.deny(Action.MODIFY_CODE, Action.GIT_WRITE);
    }
    return policy.build();
  }

  List<Tool> tools() {
    return tools;
  }

  private List<McpServerFeatures.SyncToolSpecification> specifications() {
    List<McpServerFeatures.SyncToolSpecification> specifications = new ArrayList<>();
    for (Tool tool : tools) {
      McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
          .inputSchema(MAPPER, schemaJson(tool)).annotations(annotations(tool)).build();
      specifications.add(McpServerFeatures.SyncToolSpecification.builder().tool(described)
          .callHandler((exchange, request) -> call(tool, exchange, request)).build());
    }
    return specifications;
  }

  private static String schemaJson(Tool tool) {
    try {
      return JSON.writeValueAsString(JsonSchemaElementUtils.toMap(tool.parameters()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the schema of " + tool.name() + " cannot be written", e);
    }
  }

  private static McpSchema.ToolAnnotations annotations(Tool tool) {
    boolean readOnly = Set.of("read_file", "list_files", "grep", "rustc_explain", "docs_search", "rust_analyzer")
        .contains(tool.name());
    boolean network = Set.of("crate_search", "gh").contains(tool.name());
    return new McpSchema.ToolAnnotations(null, readOnly, !readOnly && !Set.of("cargo", "clippy", "git",
        "crate_search").contains(tool.name()), false, network, null);
  }

  private McpSchema.CallToolResult call(Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    Call call = new Call(exchange);
    CURRENT.set(call);
    dev.rustagent.core.ToolCallResult done;
    try {
      done = agent.callTool(tool.name(), arguments, CancellationToken.create());
    } finally {
      CURRENT.remove();
    }
    if (done.refused()) {
      return error(refusal(tool, done.decision(), call));
    }
    if (done.steps().stream().noneMatch(AgentStep.ToolOutcome.class::isInstance)) {
      return error("the call to " + tool.name() + " produced no result: " + done.result().text());
    }
    ToolResult result = done.result();
    McpSchema.CallToolResult.Builder built = McpSchema.CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(result.text()))).isError(result.isError());
    Object structured = structured(result.payload());
    if (structured != null) {
      built.structuredContent(structured);
    }
    return built.build();
  }

  private String refusal(Tool tool, AgentStep.PermissionDecision decision, Call call) {
    if (call.refusal != null) {
      return call.refusal;
    }
    if (decision.permission() == dev.rustagent.core.PermissionPolicy.Permission.DENY) {
      return "refused: " + tool.name() + " would " + decision.actions() + ", which this server does not allow"
          + (allowWrite ? "" : "; start it with --allow-write to serve changes to the workspace and git");
    }
    return "refused: the call to " + tool.name() + " was not approved";
  }

  private boolean approve(ApprovalRequest request) {
    Call call = CURRENT.get();
    if (call == null) {
      return false;
    }
    McpSchema.ClientCapabilities capabilities = call.exchange.getClientCapabilities();
    if (capabilities == null || capabilities.elicitation() == null) {
      call.refusal = "refused: " + request.tool() + " " + request.actions() + " needs approval under this server's"
          + " permission policy, and this MCP client cannot be asked (it does not support elicitation)."
          + " Use a client that supports elicitation, or run the agent's own CLI for this step.";
      return false;
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("approve", Map.of("type", "boolean", "title", "Approve",
        "description", "Let the rust-agent server run this call")));
    schema.put("required", List.of("approve"));
    String message = "rust-agent wants to run " + request.tool() + " " + request.actions() + ":\n"
        + request.description();
    McpSchema.ElicitResult answer;
    try {
      answer = call.exchange.createElicitation(McpSchema.ElicitRequest.builder(message, schema).build());
    } catch (RuntimeException e) {
      call.refusal = "refused: asking the MCP client for approval of " + request.tool() + " failed: " + e.getMessage();
      return false;
    }
    boolean approved = answer != null && answer.action() == McpSchema.ElicitResult.Action.ACCEPT
        && answer.content() != null && Boolean.TRUE.equals(answer.content().get("approve"));
    if (!approved) {
      call.refusal = "refused: the user did not approve " + request.tool() + " ("
          + (answer == null ? "no answer" : answer.action().name().toLowerCase(java.util.Locale.ROOT)) + ")";
    }
    return approved;
  }

  private static Object structured(Object payload) {
    if (payload == null) {
      return null;
    }
    try {
      Object value = JSON.convertValue(payload, Object.class);
      return value instanceof Map<?, ?> ? value : Map.of("result", value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static McpSchema.CallToolResult error(String text) {
    return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).isError(true).build();
  }

  private static McpSchema.ServerCapabilities capabilities() {
    return McpSchema.ServerCapabilities.builder().tools(false).logging().build();
  }

  private static String instructions() {
    return "Rust tools of rust-agent: cargo (check, build, test, clippy; compiler diagnostics come back as"
        + " structured content), rustc_explain, docs_search, crate_search, file reading and search, git.";
  }

  /** Serves over the given streams (stdin and stdout for {@code --transport stdio}). */
  void serveStdio(InputStream in, OutputStream out) {
    server = McpServer.sync(new StdioServerTransportProvider(MAPPER, in, out))
        .serverInfo("rust-agent", VERSION).instructions(instructions()).capabilities(capabilities())
        .jsonMapper(MAPPER).requestTimeout(Duration.ofMinutes(10)).tools(specifications()).build();
  }

  /** Serves streamable HTTP at {@code http://127.0.0.1:PORT/mcp}; returns the bound port. */
  int serveHttp(int port) throws Exception {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(MAPPER).mcpEndpoint("/mcp").securityValidator(McpToolServer::onlyLocalhost).build();
    server = McpServer.sync(transport).serverInfo("rust-agent", VERSION).instructions(instructions())
        .capabilities(capabilities()).jsonMapper(MAPPER).requestTimeout(Duration.ofMinutes(10))
        .tools(specifications()).build();
    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /**
   * Protection against DNS rebinding: a web page's script may reach 127.0.0.1 under a name of its
   * own, so the Host header (and the Origin header, when sent) must name this machine.
   */
  static void onlyLocalhost(Map<String, List<String>> headers) throws ServerTransportSecurityException {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey() == null ? "" : header.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!name.equals("host") && !name.equals("origin")) {
        continue;
      }
      for (String value : header.getValue()) {
        if (!isLocal(name.equals("origin") ? originHost(value) : value)) {
          throw new ServerTransportSecurityException(403,
              "rust-agent mcp accepts requests for localhost only; refused " + header.getKey() + ": " + value);
        }
      }
    }
  }

  private static String originHost(String origin) {
    if (origin == null || origin.equals("null")) {
      return "";
    }
    int scheme = origin.indexOf("://");
    return scheme < 0 ? origin : origin.substring(scheme + 3);
  }

  private static boolean isLocal(String hostAndPort) {
    if (hostAndPort == null) {
      return false;
    }
    String host = hostAndPort.strip().toLowerCase(java.util.Locale.ROOT);
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (host.startsWith("[")) {
      return host.startsWith("[::1]") && (host.length() == 5 || host.charAt(5) == ':');
    }
    int colon = host.indexOf(':');
    String name = colon < 0 ? host : host.substring(0, colon);
    return name.equals("localhost") || name.equals("127.0.0.1");
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.closeGracefully();
    }
    if (jetty != null) {
      jetty.stop();
    }
  }

  /** The served agent never talks to a model: only host calls run through it. */
  private static final class NoModel implements ChatModel {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      throw new UnsupportedOperationException("the MCP server runs tools only; it has no model");
    }
  }
}
