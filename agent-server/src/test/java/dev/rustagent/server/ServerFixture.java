package dev.rustagent.server;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.rustagent.core.Agent;
import dev.rustagent.core.Approver;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryPlugin;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.rustagent.server.AgentServer.AgentFactory;

/**
 * A started server over a temporary Rust workspace, its memory, and a model: a loopback fake Anthropic
 * server reached through {@link ClaudeProxy} (streaming), unless a test gives a scripted model.
 */
final class ServerFixture implements AutoCloseable {
  static final String MAIN_RS = "fn main() {\n    println!(\"Hello, world!\");\n}\n";

  final Path workspace;
  final Path dataDir;
  final AgentMemory memory = AgentMemory.inMemory();
  final FakeAnthropicServer anthropic;
  final AgentServer server;
  final ApiClient api;

  private ServerFixture(FakeAnthropicServer anthropic, ChatModel scripted, StreamingChatModel scriptedStreaming,
      Consumer<AgentServer.Builder> settings) {
    try {
      workspace = Files.createTempDirectory("server-ws-");
      dataDir = Files.createTempDirectory("server-data-");
      Files.createDirectories(workspace.resolve("src"));
      Files.writeString(workspace.resolve("src/main.rs"), MAIN_RS);
      Files.writeString(workspace.resolve("Cargo.toml"), "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.anthropic = anthropic;
    ChatModel model;
    StreamingChatModel streaming;
    if (anthropic != null) {
      ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(anthropic.baseUrl()).streaming(true).build();
      model = proxy.chatModel();
      streaming = proxy.streamingChatModel();
    } else {
      model = scripted;
      streaming = scriptedStreaming;
    }
    ToolRegistry tools = ToolRegistry.empty();
    for (Tool tool : BuiltinTools.defaults().tools()) {
      if (Set.of("read_file", "edit_file", "list_files").contains(tool.name())) {
        tools.register(tool);
      }
    }
    AgentFactory factory = approver -> agent(model, streaming, tools, approver);
    AgentServer.Builder builder = AgentServer.builder().agentFactory(factory).port(0).dataDir(dataDir).memory(memory)
        .stopTimeout(java.time.Duration.ofSeconds(20));
    settings.accept(builder);
    this.server = builder.build().start();
    this.api = new ApiClient(server.baseUri(), server.token());
  }

  private Agent agent(ChatModel model, StreamingChatModel streaming, ToolRegistry tools, Approver approver) {
    Agent.Builder builder = Agent.builder().chatModel(model).tools(tools).workspace(workspace).approver(approver)
        .plugin(MemoryPlugin.of(memory));
    if (streaming != null) {
      builder.streamingChatModel(streaming);
    }
    return builder.build();
  }

  /** A server whose model is a fake Anthropic server answering with {@code script}. */
  static ServerFixture withAnthropic(Function<RecordedRequest, FakeResponse> script) {
    return withAnthropic(script, b -> {});
  }

  static ServerFixture withAnthropic(Function<RecordedRequest, FakeResponse> script,
      Consumer<AgentServer.Builder> settings) {
    FakeAnthropicServer fake = FakeAnthropicServer.start();
    fake.respondWith(script);
    return new ServerFixture(fake, null, null, settings);
  }

  /** A server over an in-process model (where the HTTP path to the model is not the point). */
  static ServerFixture withModel(ChatModel model, StreamingChatModel streaming, Consumer<AgentServer.Builder> settings) {
    return new ServerFixture(null, model, streaming, settings);
  }

  String mainRs() {
    try {
      return Files.readString(workspace.resolve("src/main.rs"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The messages of the current turn: from the latest user message with text on. */
  private static java.util.List<com.fasterxml.jackson.databind.JsonNode> currentTurn(RecordedRequest request) {
    java.util.List<com.fasterxml.jackson.databind.JsonNode> messages = new java.util.ArrayList<>();
    request.json().path("messages").forEach(messages::add);
    int start = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (!userText(messages.get(i)).isEmpty()) {
        start = i;
      }
    }
    return messages.subList(start, messages.size());
  }

  private static String userText(com.fasterxml.jackson.databind.JsonNode message) {
    if (!"user".equals(message.path("role").asText())) {
      return "";
    }
    var content = message.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    content.forEach(block -> {
      if ("text".equals(block.path("type").asText())) {
        text.append(block.path("text").asText());
      }
    });
    return text.toString();
  }

  /** Whether the current turn already carries a tool result. */
  static boolean hasToolResult(RecordedRequest request) {
    return !lastToolResult(request).isEmpty();
  }

  /** The text of the current turn's latest tool result, or empty. */
  static String lastToolResult(RecordedRequest request) {
    String last = "";
    for (var message : currentTurn(request)) {
      for (var block : message.path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          var content = block.path("content");
          last = content.isTextual() ? content.asText() : content.toString();
        }
      }
    }
    return last;
  }

  /** The user's text of the current turn (the task of this run). */
  static String task(RecordedRequest request) {
    return userText(currentTurn(request).get(0));
  }

  /** Proposes one edit of src/main.rs, then answers with what the tool said. */
  static FakeResponse editThenAnswer(RecordedRequest request) {
    if (!hasToolResult(request)) {
      return FakeResponse.message().text("I will change the greeting.")
          .toolUse("toolu_edit", "edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"Hello, world!\","
              + "\"new_text\":\"Hello from the server!\"}").build();
    }
    return FakeResponse.text("Finished: " + lastToolResult(request));
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      if (anthropic != null) {
        anthropic.close();
      }
      memory.close();
      delete(workspace);
      delete(dataDir);
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort for a temporary directory
    }
  }
}
