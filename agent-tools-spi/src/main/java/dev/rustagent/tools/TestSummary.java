package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of {@code cargo test}, added up over every test binary from libtest's
 * {@code test result:} lines.
 *
 * @param passed tests that passed
 * @param failed tests that failed
 * @param ignored tests that were ignored
 * @param measured benchmarks measured
 * @param filteredOut tests left out by a filter
 * @param failures the failing tests with the output they printed
 */
public record TestSummary(int passed, int failed, int ignored, int measured, int filteredOut,
    List<FailedTest> failures) {

  public TestSummary {
    failures = List.copyOf(requireNonNull(failures, "failures"));
  }

  /** The names of the failing tests. */
  public List<String> failedNames() {
    return failures.stream().map(FailedTest::name).toList();
  }

  /**
   * One failing test.
   *
   * @param name the test's path, such as {@code tests::adds_two}
   * @param output what it printed (panic message, assertion values), empty when nothing was captured
   */
  public record FailedTest(String name, String output) {
    public FailedTest {
      requireNonNull(name, "name");
      requireNonNull(output, "output");
    }
  }
}
