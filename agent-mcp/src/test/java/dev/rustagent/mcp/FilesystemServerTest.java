package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference filesystem server, confined to a temporary directory, used by an agent. */
class FilesystemServerTest {
  @TempDir Path allowed;
  @TempDir Path outside;
  private McpTools mcp;
  private ToolRegistry registry;

  @BeforeEach
  void start() throws Exception {
    Path server = NodePackages.bin("mcp-server-filesystem");
    mcp = McpTools.builder().server(McpServerConfig.builder("fs")
        .command(server.toString(), allowed.toRealPath().toString())
        .readOnlyTools("read_text_file", "list_directory").build()).build();
    registry = mcp.registerInto(ToolRegistry.empty());
  }

  @AfterEach
  void stop() {
    mcp.close();
  }

  private ToolResult call(String tool, String arguments, Approver approver) {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall(tool, arguments).thenText("done").build();
    AgentResult result = Agent.builder().chatModel(model).tools(registry).workspace(allowed)
        .permissionPolicy(PermissionPolicy.defaults()).approver(approver).toolTimeout(Duration.ofSeconds(60))
        .build().run("work with files");
    return result.steps(AgentStep.ToolOutcome.class).get(0).result();
  }

  @Test
  void anApprovedWriteCreatesTheFileInTheAllowedDirectory() throws Exception {
    Path file = allowed.toRealPath().resolve("notes.txt");
    ToolResult result = call("fs__write_file",
        "{\"path\":\"" + file + "\",\"content\":\"written over MCP\"}", Approver.approveAll());

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(Files.readString(file)).isEqualTo("written over MCP");
  }

  @Test
  void aRefusedWriteLeavesTheDirectoryUntouched() throws Exception {
    Path file = allowed.toRealPath().resolve("notes.txt");
    ToolResult result = call("fs__write_file", "{\"path\":\"" + file + "\",\"content\":\"x\"}", Approver.denyAll());

    assertThat(result.isError()).isTrue();
    assertThat(file).doesNotExist();
  }

  @Test
  void readingOutsideTheAllowedDirectoryIsAnErrorResultFromTheServer() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "do not show");
    ToolResult result = call("fs__read_text_file", "{\"path\":\"" + secret.toRealPath() + "\"}",
        Approver.denyAll());

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).containsIgnoringCase("access denied").doesNotContain("do not show");
  }

  @Test
  void aReadOnlyMarkedReadRunsWithoutApproval() throws Exception {
    Files.writeString(allowed.resolve("a.txt"), "alpha");
    ToolResult result = call("fs__read_text_file", "{\"path\":\"" + allowed.toRealPath().resolve("a.txt") + "\"}",
        Approver.denyAll());

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(result.text()).isEqualTo("alpha");
  }
}
