package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebugCommandTest {
  private final CapturedCli cli = new CapturedCli();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void theDemoShowsDiagnosticExplanationDiffQuestionAndACleanCheck() {
    int code = run("debug", "--demo", "--approve", "all");

    String text = cli.out();
    assertThat(text).contains("[demo] scripted model (no LLM is called), served over HTTP by a fake Anthropic server")
        .contains("error[E0382]: borrow of moved value: `words`")
        .contains("rustc --explain E0382: A variable was used after its contents have been moved")
        .contains("-    let total = total_len(words);")
        .contains("+    let total = total_len(words.clone());")
        .contains("? The agent wants to use edit_file [MODIFY_CODE]")
        .contains("cargo check: clean")
        .contains("[SUCCEEDED]");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void refusingTheFixStopsWithTheErrorOpen() {
    int code = run("debug", "--demo", "--approve", "none");

    assertThat(cli.out()).contains("[PERMISSION_DENIED]").contains("open:  error[E0382]");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_STOPPED);
  }

  @Test
  void autoFixAppliesRustcsSuggestionsWithoutTheModel() {
    int code = run("debug", "--demo", "--auto-fix", "--approve", "none");

    assertThat(cli.out()).contains("applied rustc's suggestion (remove this `mut`)")
        .doesNotContain("asking the model").contains("[SUCCEEDED]");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void traceShowsTheCompilersOwnOutputAndThePrompt() {
    int code = run("debug", "--demo", "--trace", "--approve", "all");

    assertThat(cli.out()).contains("--> src/main.rs:8:38").contains("Explain the error and propose the smallest fix");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void aWorkspaceWithoutCargoTomlIsAUsageError(@TempDir Path dir) {
    assertThat(run("debug", "--workspace", dir.toString(), "--approve", "none")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("no Cargo.toml in");
  }

  @Test
  void demoAndWorkspaceTogetherAreAUsageError(@TempDir Path dir) {
    assertThat(run("debug", "--demo", "--workspace", dir.toString())).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--demo brings its own crate");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertThat(run("debug", "--demo", "--approve", "maybe")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--approve").contains("expected one of [ASK, ALL, NONE] (case-insensitive)");
    assertThat(run("debug", "--demo", "--max-rounds", "0")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--max-rounds must be between 1 and 50");
  }
}
