package dev.rustagent.tools.builtin;

import dev.rustagent.tools.ProblemReport.CargoReport;
import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClippyToolTest {
  private static final String NEEDLESS_RETURN = """
      fn answer() -> i32 {
          return 42;
      }

      fn main() {
          println!("{}", answer());
      }
      """;

  @TempDir static Path targetDir;
  static ToolRegistry registry;

  @TempDir Path workspace;

  @BeforeAll
  static void tools() {
    registry = BuiltinTools.builder().environment(Workspaces.environment(targetDir)).offline(true).build().registry();
  }

  @Test
  void reportsAKnownLintWithItsLocation() throws Exception {
    Workspaces.crate(workspace, "linted", NEEDLESS_RETURN);

    ToolResult result = call(registry, "clippy", "{}", Workspaces.context(workspace));

    CargoReport report = (CargoReport) result.payload();
    assertThat(report.warnings()).anySatisfy(w -> {
      assertThat(w.code()).isEqualTo("clippy::needless_return");
      assertThat(w.primarySpan().file()).isEqualTo("src/main.rs");
      assertThat(w.primarySpan().line()).isEqualTo(2);
    });
    assertThat(result.text()).contains("needless_return");
    assertThat(workspace.resolve("src/main.rs")).hasContent(NEEDLESS_RETURN.stripTrailing());
  }

  @Test
  void fixAppliesTheLintsSuggestion() throws Exception {
    Workspaces.crate(workspace, "fixed", NEEDLESS_RETURN);

    ToolResult result = call(registry, "clippy", "{\"fix\":true}", Workspaces.context(workspace));

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(workspace.resolve("src/main.rs")).content().doesNotContain("return").contains("42");
  }

  @Test
  void fixIsDeclaredAsModifyingCodeAndPlainClippyIsNot() {
    var clippy = registry.find("clippy").orElseThrow();
    assertThat(clippy.actions(Workspaces.args(registry, "clippy", "{\"fix\":true}")))
        .contains(Action.MODIFY_CODE);
    assertThat(clippy.actions(Workspaces.args(registry, "clippy", "{}")))
        .containsExactly(Action.RUN_COMMAND);
    assertThat(clippy.permissionSubject(Workspaces.args(registry, "clippy", "{\"fix\":true}")))
        .isEqualTo("cargo clippy --fix");
  }
}
