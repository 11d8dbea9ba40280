package dev.rustagent.tools.builtin;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Applicability;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoToolTest {
  @TempDir static Path targetDir;
  static ToolRegistry registry;

  @TempDir Path workspace;

  @BeforeAll
  static void tools() {
    registry = BuiltinTools.builder().environment(Workspaces.environment(targetDir)).offline(true).build().registry();
  }

  private static CargoReport report(ToolResult result) {
    assertThat(result.payload()).isInstanceOf(CargoReport.class);
    return (CargoReport) result.payload();
  }

  @Test
  void borrowCheckErrorIsE0382AtTheUseWithACloneSuggestion() throws Exception {
    Workspaces.crate(workspace, "moved", """
        fn consume(v: Vec<i32>) -> usize {
            v.len()
        }

        fn main() {
            let v = vec![1, 2, 3];
            let n = consume(v);
            println!("{} {}", n, v.len());
        }
        """);

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"check\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    CompilerDiagnostic error = report(result).errors().get(0);
    assertThat(error.code()).isEqualTo("E0382");
    assertThat(error.primarySpan().file()).isEqualTo("src/main.rs");
    assertThat(error.primarySpan().line()).isEqualTo(8);
    assertThat(error.suggestions())
        .anySatisfy(s -> {
          assertThat(s.replacement()).isEqualTo(".clone()");
          assertThat(s.applicability()).isEqualTo(Applicability.MACHINE_APPLICABLE);
          assertThat(s.span().line()).isEqualTo(7);
        });
    assertThat(result.text()).contains("error[E0382]").contains("1 error,");
    assertThat(report(result).problems()).anyMatch(p -> p.startsWith("error[E0382]") && p.contains("src/main.rs:8"));
  }

  @Test
  void typeErrorIsE0308() throws Exception {
    Workspaces.crate(workspace, "typed", """
        fn main() {
            let n: i32 = "five";
            println!("{n}");
        }
        """);

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"build\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(report(result).errors()).extracting(CompilerDiagnostic::code).contains("E0308");
    assertThat(report(result).errors().get(0).primarySpan().line()).isEqualTo(2);
  }

  @Test
  void failingTestIsNamedInTheSummaryWithItsOutput() throws Exception {
    Workspaces.crate(workspace, "tested", """
        fn add(a: i32, b: i32) -> i32 { a - b }

        fn main() { println!("{}", add(1, 2)); }

        #[cfg(test)]
        mod tests {
            use super::*;
            #[test]
            fn adds_small_numbers() { assert_eq!(add(2, 2), 4); }
            #[test]
            fn zero_is_neutral() { assert_eq!(add(5, 0), 5); }
        }
        """);

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"test\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    TestSummary tests = report(result).tests();
    assertThat(tests.passed()).isEqualTo(1);
    assertThat(tests.failed()).isEqualTo(1);
    assertThat(tests.failedNames()).containsExactly("tests::adds_small_numbers");
    assertThat(tests.failures().get(0).output()).contains("left: 0").contains("right: 4");
    assertThat(result.text()).contains("FAILED tests::adds_small_numbers").contains("1 passed, 1 failed");
  }

  @Test
  void compilingCrateReportsSuccessAndWarnings() throws Exception {
    Workspaces.crate(workspace, "fine", """
        fn main() {
            let unused = 3;
            println!("ok");
        }
        """);

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"check\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(report(result).errors()).isEmpty();
    assertThat(report(result).warnings()).extracting(CompilerDiagnostic::code).contains("unused_variables");
  }

  @Test
  void runShowsTheProgramsOutput() throws Exception {
    Workspaces.crate(workspace, "runner", "fn main() {\n    println!(\"sum = {}\", 2 + 3);\n}\n");

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"run\"}", Workspaces.context(workspace));

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(result.text()).contains("\u00a7 program output:\nsum = 5");
  }

  @Test
  void fmtReformatsTheSources() throws Exception {
    Workspaces.crate(workspace, "messy", "fn main(){let x=1;println!(\"{}\",x);}\n");

    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"fmt\"}", Workspaces.context(workspace));

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(workspace.resolve("src/main.rs")).content().contains("    let x = 1;\n");
  }

  @Test
  void cargoNeedingTheNetworkWhileOfflineSaysSo() throws Exception {
    Workspaces.crate(workspace, "needs_net", "fn main() {}\n");
    Files.writeString(workspace.resolve("Cargo.toml"),
        Files.readString(workspace.resolve("Cargo.toml")) + "serde = \"1\"\n");
    Path emptyHome = Files.createDirectories(workspace.resolve("cargo-home"));
    var env = Workspaces.environment(targetDir);
    env.put("CARGO_HOME", emptyHome.toString());
    ToolRegistry offline = BuiltinTools.builder().environment(env).offline(true).build().registry();

    ToolResult result = call(offline, "cargo", "{\"subcommand\":\"check\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("serde").contains("cargo needed the network");
  }

  @Test
  void shellMetacharactersInArgumentsAreNotInterpreted() throws Exception {
    Workspaces.crate(workspace, "safe", "fn main() {}\n");
    Path canary = Files.writeString(workspace.resolve("canary.txt"), "still here");

    ToolResult result = call(registry, "cargo",
        "{\"subcommand\":\"check\",\"args\":[\"; rm -rf canary.txt\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("; rm -rf canary.txt");
    assertThat(canary).hasContent("still here");
  }

  @Test
  void configOverridesAreRefused() throws Exception {
    Workspaces.crate(workspace, "cfg", "fn main() {}\n");

    ToolResult result = call(registry, "cargo",
        "{\"subcommand\":\"build\",\"args\":[\"--config\",\"build.rustc-wrapper='/bin/sh'\"]}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("--config").contains("not allowed");
  }

  @Test
  void manifestPathOutsideTheWorkspaceIsRefused() throws Exception {
    ToolResult result = call(registry, "cargo",
        "{\"subcommand\":\"check\",\"args\":[\"--manifest-path\",\"../other/Cargo.toml\"]}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("outside the workspace");
  }

  @Test
  void checkRunsACommandWhileFmtFixAddAndRemoveAlsoModifyCode() {
    var cargo = registry.find("cargo").orElseThrow();
    assertThat(cargo.actions(Workspaces.args(registry, "cargo", "{\"subcommand\":\"check\"}")))
        .containsExactly(Action.RUN_COMMAND);
    assertThat(cargo.actions(Workspaces.args(registry, "cargo", "{\"subcommand\":\"fmt\"}")))
        .contains(Action.MODIFY_CODE);
    assertThat(cargo.actions(Workspaces.args(registry, "cargo", "{\"subcommand\":\"fmt\",\"args\":[\"--check\"]}")))
        .doesNotContain(Action.MODIFY_CODE);
    assertThat(cargo.actions(Workspaces.args(registry, "cargo", "{\"subcommand\":\"fix\"}")))
        .contains(Action.MODIFY_CODE);
    assertThat(cargo.actions(Workspaces.args(registry, "cargo", "{\"subcommand\":\"remove\",\"args\":[\"x\"]}")))
        .contains(Action.MODIFY_CODE);
    ToolRegistry online = BuiltinTools.defaults().registry();
    assertThat(online.find("cargo").orElseThrow()
        .actions(Workspaces.args(online, "cargo", "{\"subcommand\":\"add\",\"args\":[\"serde\"]}")))
        .contains(Action.MODIFY_CODE, Action.NETWORK);
  }

  @Test
  void unknownSubcommandIsRejectedBySchemaValidation() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> registry.parseArguments("cargo", "{\"subcommand\":\"publish\"}"))
        .hasMessageContaining("subcommand").hasMessageContaining("check");
  }

  @Test
  void missingCargoBinaryIsReportedPlainly() throws Exception {
    ToolRegistry broken = BuiltinTools.builder().cargo("/nonexistent/cargo").build().registry();
    var cargo = broken.find("cargo").orElseThrow();

    assertThat(cargo.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("not installed"));
    ToolResult result = call(broken, "cargo", "{\"subcommand\":\"check\"}", Workspaces.context(workspace));
    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("cargo is not installed").contains("/nonexistent/cargo");
  }
}
