package dev.rustagent.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TodoScanPluginTest {
  @TempDir Path workspace;

  @Test
  void discoveryFindsThePluginToolNextToTheBuiltinOnes() {
    ToolRegistry registry = ToolRegistry.discover();

    assertThat(registry.tools()).extracting(Tool::name).contains("todo_scan", "cargo", "read_file");
    assertThat(registry.specifications()).extracting(s -> s.name()).contains("todo_scan");
  }

  @Test
  void discoveredToolRunsThroughTheRegistry() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/lib.rs"), "pub fn parse() -> u8 {\n    todo!()\n}\n// TODO: errors\n");
    Files.createDirectories(workspace.resolve("target"));
    Files.writeString(workspace.resolve("target/gen.rs"), "todo!()\n");
    ToolRegistry registry = ToolRegistry.discover();
    Tool tool = registry.find("todo_scan").orElseThrow();

    ToolResult result = tool.execute(registry.parseArguments("todo_scan", "{}"), ToolContext.builder(workspace).build());

    assertThat(result.text()).isEqualTo("src/lib.rs:2: todo!()\nsrc/lib.rs:4: // TODO: errors");
    assertThat(tool.actions(registry.parseArguments("todo_scan", "{}"))).containsExactly(Action.READ);
  }
}
