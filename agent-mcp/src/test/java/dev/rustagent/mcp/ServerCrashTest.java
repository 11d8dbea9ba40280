package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code server-everything} is killed while one of its long operations runs. */
class ServerCrashTest {
  @TempDir Path dir;

  @Test
  void aServerKilledMidCallFailsThatCallClearlyAndIsRestartedForTheNext() throws Exception {
    Path everything = NodePackages.bin("mcp-server-everything");
    Path pidFile = dir.resolve("pid");
    try (McpTools mcp = McpTools.builder().server(McpServerConfig.builder("everything")
        .command("sh", "-c", "echo $$ > '" + pidFile + "'; exec '" + everything + "'").build()).build()) {
      Tool longRunning = mcp.tools().stream()
          .filter(t -> t.name().equals("everything__trigger-long-running-operation")).findFirst().orElseThrow();
      Tool echo = mcp.tools().stream().filter(t -> t.name().equals("everything__echo")).findFirst().orElseThrow();
      long pid = Long.parseLong(Files.readString(pidFile).strip());

      CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> execute(longRunning,
          "{\"duration\":60,\"steps\":60}"));
      Thread.sleep(1_000); // let the operation start; the kill below lands mid-call either way
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      ToolResult result = call.get(60, TimeUnit.SECONDS);

      assertThat(result.isError()).isTrue();
      assertThat(result.text()).contains("MCP server 'everything' stopped during the call")
          .contains("restarted once");
      assertThat(execute(echo, "{\"message\":\"back again\"}").text()).contains("back again");
      assertThat(Long.parseLong(Files.readString(pidFile).strip())).isNotEqualTo(pid);
    }
  }

  private ToolResult execute(Tool tool, String arguments) {
    try {
      return tool.execute(ToolArguments.parse(arguments),
          ToolContext.builder(dir).timeout(Duration.ofSeconds(90)).build());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
