package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 §7: what the model sees of the compiler is exactly what rustc said (real cargo on small crates). */
class CompilerFidelityTest {
  @TempDir static Path targetDir;
  static ToolRegistry registry;

  @TempDir Path workspace;

  @BeforeAll
  static void tools() {
    registry = BuiltinTools.builder().environment(Workspaces.environment(targetDir)).offline(true).build().registry();
  }

  private List<CompilerDiagnostic> errorsOf(String mainRs) throws Exception {
    Workspaces.crate(workspace, "fidelity", mainRs);
    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"check\"}", Workspaces.context(workspace));
    return ((CargoReport) result.payload()).errors();
  }

  @Test
  void anErrorRaisedInsideAStdMacroIsReportedAtTheUsersCallSite() throws Exception {
    List<CompilerDiagnostic> errors = errorsOf("""
        struct Plain;
        fn main() {
            let a = Plain;
            assert_eq!(a, Plain);
        }
        """);

    assertThat(errors).isNotEmpty().allSatisfy(e -> {
      assertThat(e.primarySpan().file()).isEqualTo("src/main.rs");
      assertThat(e.primarySpan().line()).isEqualTo(4);
    });
  }

  @Test
  void aFormatMacroErrorPointsIntoTheWorkspace() throws Exception {
    List<CompilerDiagnostic> errors = errorsOf("""
        struct Plain;
        fn main() {
            let text = format!("{}", Plain);
            println!("{:?} {}", Plain, text);
            let v = vec![Plain, 1];
        }
        """);

    assertThat(errors).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(e -> assertThat(e.primarySpan().file()).isEqualTo("src/main.rs"));
    assertThat(errors).extracting(e -> e.primarySpan().line()).contains(3, 4, 5);
  }

  @Test
  void twoErrorsWithTheSameTextAtDifferentSpansStayTwo() throws Exception {
    List<CompilerDiagnostic> errors = errorsOf("""
        struct Plain;
        impl PartialEq for Plain {
            fn eq(&self, _: &Plain) -> bool { true }
        }
        fn main() {
            assert_eq!(Plain, Plain);
        }
        """);

    assertThat(errors).filteredOn(e -> e.message().contains("doesn't implement `Debug`")).hasSize(2);
  }

  @Test
  void identicalDiagnosticsRepeatedPerTargetAppearOnce() {
    String line = "{\"reason\":\"compiler-message\",\"package_id\":\"p\",\"target\":{\"kind\":[\"%s\"]},"
        + "\"message\":{\"message\":\"unused variable: `x`\",\"code\":null,\"level\":\"warning\",\"spans\":[],"
        + "\"children\":[],\"rendered\":\"warning: unused variable\"}}";

    List<CompilerDiagnostic> parsed = CompilerDiagnostic.parseCargoJson(line.formatted("lib") + "\n"
        + line.formatted("bin") + "\n");

    assertThat(parsed).hasSize(1);
  }

  @Test
  void overTheCapErrorsAreKeptBeforeWarningsAndTheOmissionIsCounted() throws Exception {
    StringBuilder main = new StringBuilder("fn main() {\n");
    for (int i = 0; i < 40; i++) {
      main.append("    let _parens_").append(i).append(" = (").append(i).append(");\n");
    }
    for (int i = 0; i < 3; i++) {
      main.append("    let _wrong_").append(i).append(": u8 = \"text\";\n");
    }
    main.append("}\n");
    Workspaces.crate(workspace, "capped", main.toString());
    ToolContext small = ToolContext.builder(workspace).timeout(Duration.ofSeconds(90)).outputCap(1000).build();

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"check\"}", small);

    assertThat(((CargoReport) result.payload()).warnings()).hasSizeGreaterThan(20);
    assertThat(result.text()).contains("let _wrong_0", "let _wrong_1", "let _wrong_2")
        .containsPattern("not shown, as they did not fit in the output cap: 0 errors, \\d+ warnings")
        .doesNotContain("output truncated");
  }
}
