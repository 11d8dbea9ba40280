package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustcExplainToolTest {
  private final ToolRegistry registry = BuiltinTools.defaults().registry();
  @TempDir Path workspace;

  @Test
  void explainsE0382() throws Exception {
    ToolResult result = call(registry, "rustc_explain", "{\"code\":\"E0382\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("A variable was used after its contents have been moved elsewhere");
  }

  @Test
  void acceptsTheCodeWithoutTheLetterAndInLowerCase() throws Exception {
    assertThat(call(registry, "rustc_explain", "{\"code\":\"0308\"}", Workspaces.context(workspace)).text())
        .containsIgnoringCase("expected");
    assertThat(call(registry, "rustc_explain", "{\"code\":\"e0382\"}", Workspaces.context(workspace)).isError())
        .isFalse();
  }

  @Test
  void unknownCodeIsReportedAsNotValid() throws Exception {
    ToolResult result = call(registry, "rustc_explain", "{\"code\":\"E9999\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("E9999 is not a valid Rust error code");
  }

  @Test
  void malformedCodeIsRefusedWithoutRunningRustc() throws Exception {
    ToolResult result = call(registry, "rustc_explain", "{\"code\":\"; rm -rf ~\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("is not a Rust error code");
  }

  @Test
  void codeNoLongerEmittedIsFlaggedFirst() throws Exception {
    ToolResult result = call(registry, "rustc_explain", "{\"code\":\"E0001\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).startsWith("Note: E0001 is no longer emitted by the current compiler");
  }

  @Test
  void onlyReads() {
    assertThat(registry.find("rustc_explain").orElseThrow()
        .actions(Workspaces.args(registry, "rustc_explain", "{\"code\":\"E0382\"}"))).containsExactly(Action.READ);
  }
}
