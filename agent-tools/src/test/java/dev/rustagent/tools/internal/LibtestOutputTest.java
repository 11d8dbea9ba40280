package dev.rustagent.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibtestOutputTest {

  @Test
  void addsUpEveryTestBinaryAndKeepsTheFailuresOutput() {
    List<String> lines = """
        running 2 tests
        test a::works ... ok
        test a::breaks ... FAILED

        failures:

        ---- a::breaks stdout ----
        thread 'a::breaks' panicked at src/lib.rs:9:5:
        boom

        failures:
            a::breaks

        test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

        running 3 tests
        test result: ok. 2 passed; 0 failed; 1 ignored; 0 measured; 4 filtered out; finished in 0.01s
        """.lines().toList();

    TestSummary summary = LibtestOutput.summarise(lines);

    assertThat(summary.passed()).isEqualTo(3);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.ignored()).isEqualTo(1);
    assertThat(summary.filteredOut()).isEqualTo(4);
    assertThat(summary.failedNames()).containsExactly("a::breaks");
    assertThat(summary.failures().get(0).output()).contains("panicked at src/lib.rs:9:5").contains("boom");
  }

  @Test
  void noResultLineMeansNoSummary() {
    assertThat(LibtestOutput.summarise(List.of("error: could not compile `x`"))).isNull();
  }

  @Test
  void aFailingTestPrintingAResultLineCannotAddToTheCounts() {
    List<String> lines = """
        running 1 test
        test a::liar ... FAILED

        failures:

        ---- a::liar stdout ----
        test result: ok. 99 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
        thread 'a::liar' panicked at src/lib.rs:3:5:
        real failure

        failures:
            a::liar

        test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
        """.lines().toList();

    TestSummary summary = LibtestOutput.summarise(lines);

    assertThat(summary.passed()).isZero();
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.failures().get(0).output()).contains("99 passed").contains("real failure");
  }

  @Test
  void outputPastTheCaptureIsWhatLibtestDidNotWrite() {
    List<String> lines = """
        running 2 tests
        written straight to stdout
        test a::works ... ok
        test a::breaks ... FAILED

        failures:

        ---- a::breaks stdout ----
        captured line

        failures:
            a::breaks

        test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
        """.lines().toList();

    assertThat(LibtestOutput.uncaptured(lines)).containsExactly("written straight to stdout");
  }
}
