package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSP client of the {@code rust_analyzer} tool, run for real against clangd (a Debian package the
 * CI installs) and against rust-analyzer when a working one is on the PATH.
 */
class RustAnalyzerToolTest {
  private static final String C_SOURCE = """
      int square(int x) {
          return x * x;
      }

      int main(void) {
          int y = square(3);
          return y + undefined_variable;
      }
      """;

  @TempDir Path workspace;

  private static boolean works(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private ToolRegistry clangd() throws Exception {
    return clangd(Duration.ZERO);
  }

  private ToolRegistry clangd(Duration idle) throws Exception {
    assumeTrue(works("clangd", "--version"),
        "clangd is not installed (apt-get install clangd); the LSP client tests need a real language server");
    Files.writeString(workspace.resolve("main.c"), C_SOURCE);
    return BuiltinTools.builder().languageServer(List.of("clangd"), "c")
        .languageServerSettle(Duration.ofMillis(500)).languageServerIdle(idle).build().registry();
  }

  /** The language servers this JVM started that are still running. */
  private static List<Long> runningServers() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.isAlive() && p.info().command().map(c -> c.contains("clangd")).orElse(false))
        .map(ProcessHandle::pid).toList();
  }

  private static List<Long> started(List<Long> before) {
    return runningServers().stream().filter(pid -> !before.contains(pid)).toList();
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Test
  void consecutiveCallsOnAWorkspaceShareOneServerUntilItIsIdle() throws Exception {
    ToolRegistry registry = clangd(Duration.ofMillis(300));
    List<Long> before = runningServers();

    call(registry, "rust_analyzer", "{\"request\":\"symbols\",\"path\":\"main.c\"}", Workspaces.context(workspace));
    List<Long> afterFirst = started(before);
    call(registry, "rust_analyzer", "{\"request\":\"diagnostics\",\"path\":\"main.c\"}", Workspaces.context(workspace));
    List<Long> afterSecond = started(before);

    assertThat(afterFirst).hasSize(1);
    assertThat(afterSecond).isEqualTo(afterFirst);
    assertThat(eventually(() -> started(before).isEmpty())).as("the idle server is stopped").isTrue();
  }

  @Test
  void aFileChangedOnDiskIsSentAgain() throws Exception {
    ToolRegistry registry = clangd(Duration.ofSeconds(30));
    ToolResult before = call(registry, "rust_analyzer", "{\"request\":\"diagnostics\",\"path\":\"main.c\"}",
        Workspaces.context(workspace));
    Files.writeString(workspace.resolve("main.c"), C_SOURCE.replace("y + undefined_variable", "y"));

    ToolResult after = call(registry, "rust_analyzer", "{\"request\":\"diagnostics\",\"path\":\"main.c\"}",
        Workspaces.context(workspace));

    assertThat(before.text()).contains("undefined_variable");
    assertThat(after.text()).doesNotContain("undefined_variable");
    List<Long> servers = runningServers();
    servers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
  }

  @Test
  void withNoIdleTimeTheServerStopsAfterEachCall() throws Exception {
    ToolRegistry registry = clangd(Duration.ZERO);
    List<Long> before = runningServers();

    call(registry, "rust_analyzer", "{\"request\":\"symbols\",\"path\":\"main.c\"}", Workspaces.context(workspace));

    assertThat(eventually(() -> started(before).isEmpty())).isTrue();
  }

  @Test
  void diagnosticsOfAFileComeFromTheLanguageServer() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer", "{\"request\":\"diagnostics\",\"path\":\"main.c\"}",
        Workspaces.context(workspace));

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(result.text()).contains("main.c:7:").contains("error").contains("undefined_variable");
  }

  @Test
  void hoverShowsTheSignature() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer",
        "{\"request\":\"hover\",\"path\":\"main.c\",\"line\":6,\"column\":14}", Workspaces.context(workspace));

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(result.text()).contains("square").contains("int x");
  }

  @Test
  void definitionPointsAtTheFunction() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer",
        "{\"request\":\"definition\",\"path\":\"main.c\",\"line\":6,\"column\":14}", Workspaces.context(workspace));

    assertThat(result.text()).contains("main.c:1:");
  }

  @Test
  void symbolsOfAFileAreListed() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer", "{\"request\":\"symbols\",\"path\":\"main.c\"}",
        Workspaces.context(workspace));

    assertThat(result.text()).contains("function square (line 1)").contains("function main (line 5)");
  }

  @Test
  void positionRequestsNeedALineAndColumn() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer", "{\"request\":\"hover\",\"path\":\"main.c\"}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("needs 'line' and 'column'");
  }

  @Test
  void pathOutsideTheWorkspaceIsRefused() throws Exception {
    ToolRegistry registry = clangd();

    ToolResult result = call(registry, "rust_analyzer", "{\"request\":\"diagnostics\",\"path\":\"/etc/passwd\"}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("outside the workspace");
  }

  @Test
  void missingRustAnalyzerIsSaidPlainlyAndLeftOutOfTheModelsTools() throws Exception {
    ToolRegistry registry = BuiltinTools.builder()
        .languageServer(List.of(workspace.resolve("rust-analyzer").toString()), "rust").build().registry();
    Tool tool = registry.find("rust_analyzer").orElseThrow();

    assertThat(tool.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("is not installed"));
    assertThat(registry.availableTools()).extracting(Tool::name).doesNotContain("rust_analyzer");
    assertThat(registry.specifications()).extracting(s -> s.name()).doesNotContain("rust_analyzer");
    ToolResult result = call(registry, "rust_analyzer", "{\"request\":\"symbols\",\"query\":\"main\"}",
        Workspaces.context(workspace));
    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("is not installed");
  }

  @Test
  void brokenRustAnalyzerIsReportedAsNotWorking() throws Exception {
    Path fake = workspace.resolve("rust-analyzer");
    Files.writeString(fake, "#!/bin/sh\necho \"error: unknown proxy name\" >&2\nexit 1\n");
    fake.toFile().setExecutable(true);
    ToolRegistry registry = BuiltinTools.builder().languageServer(List.of(fake.toString()), "rust").build().registry();

    assertThat(registry.find("rust_analyzer").orElseThrow().unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("does not work").contains("unknown proxy name"));
  }

  @Test
  void onlyReads() {
    ToolRegistry registry = BuiltinTools.defaults().registry();
    assertThat(registry.find("rust_analyzer").orElseThrow()
        .actions(Workspaces.args(registry, "rust_analyzer", "{\"request\":\"symbols\",\"query\":\"x\"}")))
        .containsExactly(Action.READ);
  }

  @Test
  void rustAnalyzerReportsABorrowErrorWhenInstalled() throws Exception {
    assumeTrue(works("rust-analyzer", "--version"),
        "no working rust-analyzer on the PATH; the rust-analyzer run is skipped (clangd covers the LSP client)");
    Workspaces.crate(workspace, "ra", "fn main() {\n    let v = vec![1];\n    let w = v;\n    println!(\"{:?}\", v);\n}\n");
    ToolRegistry registry = BuiltinTools.builder().languageServerSettle(Duration.ofSeconds(10)).build().registry();

    ToolResult symbols = call(registry, "rust_analyzer", "{\"request\":\"symbols\",\"path\":\"src/main.rs\"}",
        Workspaces.context(workspace));

    assertThat(symbols.text()).contains("main");
  }
}
