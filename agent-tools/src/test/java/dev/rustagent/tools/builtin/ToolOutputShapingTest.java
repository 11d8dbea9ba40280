package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the cargo tool's text is no longer than cargo's own human output on the same crate, and
 * keeps every error's essentials (code, message, primary file:line:col, the labelled source line,
 * suggestions). Real cargo on the crates under {@code shaping-cases/}, which the token benchmark
 * ({@code benchmarks/.../ToolOutputTokens}) measures too.
 */
class ToolOutputShapingTest {
  @TempDir static Path targetDir;
  static ToolRegistry registry;

  @TempDir Path workspace;

  @BeforeAll
  static void tools() {
    registry = BuiltinTools.builder().environment(Workspaces.environment(targetDir)).offline(true).build().registry();
  }

  /** Our text and cargo's human text for one case. */
  private record Shaped(ToolResult result, String human) {
    CargoReport report() {
      return (CargoReport) result.payload();
    }
  }

  private Shaped run(String name, String subcommand) throws Exception {
    Path workspace = this.workspace.resolve(name);
    copyCase(name, workspace);
    Map<String, String> env = new HashMap<>(Workspaces.environment(targetDir));
    env.put("CARGO_TERM_COLOR", "never");
    ProcessRunner.Outcome human = ProcessRunner.run(new ProcessRunner.Command(List.of("cargo", subcommand),
        workspace, env, null, java.util.Set.of()), Duration.ofSeconds(180), dev.rustagent.tools.ToolContext.CancellationToken.create(), ProcessRunner.DEFAULT_CAPTURE_LIMIT);
    ToolResult result = call(registry, "cargo", "{\"subcommand\":\"" + subcommand + "\"}",
        dev.rustagent.tools.ToolContext.builder(workspace).timeout(Duration.ofSeconds(180)).build());
    return new Shaped(result, human.stdout() + human.stderr());
  }

  /** Copies a case crate from the test resources. */
  static void copyCase(String name, Path into) throws IOException {
    for (String file : List.of("Cargo.toml", "build.rs", "src/main.rs", "src/lib.rs")) {
      try (InputStream in = ToolOutputShapingTest.class.getResourceAsStream("/shaping-cases/" + name + "/" + file)) {
        if (in != null) {
          Files.createDirectories(into.resolve(file).getParent());
          Files.write(into.resolve(file), in.readAllBytes());
        }
      }
    }
  }

  /** Every error's code, message, primary location, source line and suggested replacements are in the text. */
  private void assertEssentialsKept(Shaped shaped, String name) throws IOException {
    Path workspace = this.workspace.resolve(name);
    List<CompilerDiagnostic> errors = shaped.report().errors();
    assertThat(errors).isNotEmpty();
    String text = shaped.result().text();
    for (CompilerDiagnostic error : errors) {
      if (error.code() != null) {
        assertThat(text).contains("error[" + error.code() + "]");
      }
      assertThat(text).contains(error.message().lines().findFirst().orElseThrow());
      CompilerDiagnostic.Span at = error.primarySpan();
      assertThat(text).contains(at.file() + ":" + at.line() + ":" + at.column());
      String sourceLine = Files.readAllLines(workspace.resolve(at.file())).get(at.line() - 1).strip();
      assertThat(text).contains(at.line() + " | ").contains(sourceLine);
      if (at.label() != null) {
        assertThat(text).contains(at.label());
      }
      error.suggestions().forEach(s -> assertThat(text).contains(s.replacement()));
    }
  }

  private static void assertNoLongerThanCargo(Shaped shaped) {
    assertThat(shaped.result().text().length()).as("ours:\n%s\ncargo's:\n%s", shaped.result().text(), shaped.human())
        .isLessThanOrEqualTo(shaped.human().length());
  }

  @Test
  void manyErrorsKeepEveryErrorsEssentialsInLessThanCargosText() throws Exception {
    Shaped shaped = run("many-errors", "check");

    assertThat(shaped.report().errors()).hasSizeGreaterThan(15);
    assertEssentialsKept(shaped, "many-errors");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void oneErrorWithAChainOfNotesCollapsesTheChainButKeepsTheError() throws Exception {
    Shaped shaped = run("huge-notes", "check");

    assertEssentialsKept(shaped, "huge-notes");
    assertThat(shaped.result().text()).contains("required because it appears within the type `Level0`")
        .contains("more like this").contains("`Level15`").contains("required by a bound in `needs_send`");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void warningsOfOneKindAreCollapsedIntoTheirLocations() throws Exception {
    Shaped shaped = run("warnings-only", "check");

    String text = shaped.result().text();
    assertThat(shaped.report().errors()).isEmpty();
    assertThat(text.lines().findFirst().orElseThrow()).contains(": ok, 0 errors, " + shaped.report().warnings().size()
        + " warnings");
    assertThat(text).contains("unused variable: `unused_0`").contains("more warnings like this").contains("`unused_29`")
        .contains("`dead_helper_11`");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void aMacroExpansionErrorKeepsTheCallSiteAndTheExpectation() throws Exception {
    Shaped shaped = run("macro-error", "check");

    assertEssentialsKept(shaped, "macro-error");
    assertThat(shaped.result().text()).contains("make_counter!(second, \"two\");").contains("expected due to this");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void aFailingTestWithLongOutputKeepsTheStartTheEndAndThePanic() throws Exception {
    Shaped shaped = run("long-panic", "test");

    String text = shaped.result().text();
    assertThat(text.lines().findFirst().orElseThrow()).contains("FAILED").contains("0 errors");
    assertThat(text).contains("1 passed, 1 failed").contains("FAILED tests::prints_a_lot_then_fails")
        .contains("progress line 0:").contains("progress line 399:").contains("398 more lines like these")
        .contains("the table rendering changed").contains("right: \"row 0: value=1").doesNotContain("progress line 200:");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void terminalJunkIsRemovedAndWhatACarriageReturnWouldHideStaysVisible() throws Exception {
    Shaped shaped = run("junk-output", "test");

    String text = shaped.result().text();
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r").doesNotContain("\u202e")
        .contains("green bytes").contains("undecodable bytes").contains("HIDDEN BY CR")
        .contains("real failure after junk").contains("same spam line").contains("more times");
    assertNoLongerThanCargo(shaped);
  }

  @Test
  void repositoryTextCannotForgeTheVerdictLine() throws Exception {
    Shaped forged = run("forged-verdict", "check");
    Shaped printed = run("junk-output", "test");

    for (Shaped shaped : List.of(forged, printed)) {
      List<String> verdicts = shaped.result().text().lines()
          .filter(l -> l.matches("\u00a7 cargo .*\\d+ errors?, \\d+ warnings?")).toList();
      assertThat(verdicts).hasSize(1);
      assertThat(verdicts.get(0)).contains("FAILED").doesNotContain("ok,");
      assertThat(shaped.result().text()).contains("\\\u00a7 cargo");
    }
    assertThat(forged.result().text().lines().findFirst().orElseThrow()).contains("2 errors");
  }
}
