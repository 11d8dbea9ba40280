package dev.rustagent.tools.internal;

import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary.FailedTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises libtest's human output: the {@code test result:} line of every test binary, the names of
 * the tests reported {@code FAILED}, and the captured output printed under {@code ---- name stdout ----}.
 */
public final class LibtestOutput {
  private static final Pattern RESULT = Pattern.compile(
      "test result: (?:ok|FAILED)\\. (\\d+) passed; (\\d+) failed; (\\d+) ignored; (\\d+) measured; "
          + "(\\d+) filtered out.*");
  private static final Pattern FAILED_TEST = Pattern.compile("test (\\S+) \\.\\.\\. FAILED");
  private static final Pattern OUTPUT_HEADER = Pattern.compile("---- (\\S+) std(?:out|err) ----");

  private static final Pattern LIBTEST_LINE = Pattern.compile(
      "running \\d+ tests?|test \\S+ (?:- \\S+ )?\\.\\.\\. (?:ok|FAILED|ignored.*|bench.*)|failures:|successes:"
          + "|test result: .*|    \\S+");

  private LibtestOutput() {}

  /**
   * The lines libtest did not write and did not capture: what tests or the program wrote straight to
   * the terminal (bypassing libtest's capture), in order, without the captured sections.
   */
  public static List<String> uncaptured(List<String> lines) {
    List<String> out = new ArrayList<>();
    boolean capturing = false;
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (OUTPUT_HEADER.matcher(line).matches()) {
        capturing = true;
      } else if (capturing && (line.equals("failures:") || line.startsWith("---- "))) {
        capturing = false;
      } else if (!capturing && !line.isBlank() && !LIBTEST_LINE.matcher(line).matches()) {
        out.add(raw);
      }
    }
    return out;
  }

  /** The summary, or {@code null} when no {@code test result:} line was printed (nothing ran). */
  public static TestSummary summarise(List<String> lines) {
    int passed = 0;
    int failed = 0;
    int ignored = 0;
    int measured = 0;
    int filtered = 0;
    boolean any = false;
    Map<String, StringBuilder> failures = new LinkedHashMap<>();
    String capturing = null;
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (capturing != null && !line.equals("failures:") && !line.startsWith("---- ")) {
        // A test's own output, even when it looks like libtest's lines (it cannot add to the counts).
        failures.get(capturing).append(line).append('\n');
        continue;
      }
      Matcher result = RESULT.matcher(line.strip());
      if (result.matches()) {
        any = true;
        passed += Integer.parseInt(result.group(1));
        failed += Integer.parseInt(result.group(2));
        ignored += Integer.parseInt(result.group(3));
        measured += Integer.parseInt(result.group(4));
        filtered += Integer.parseInt(result.group(5));
        capturing = null;
        continue;
      }
      Matcher failedTest = FAILED_TEST.matcher(line);
      if (failedTest.matches()) {
        failures.putIfAbsent(failedTest.group(1), new StringBuilder());
        continue;
      }
      Matcher header = OUTPUT_HEADER.matcher(line);
      if (header.matches()) {
        capturing = header.group(1);
        failures.putIfAbsent(capturing, new StringBuilder());
        continue;
      }
      capturing = null;
    }
    if (!any) {
      return null;
    }
    List<FailedTest> failedTests = new ArrayList<>();
    failures.forEach((name, output) -> failedTests.add(new FailedTest(name, output.toString().strip())));
    return new TestSummary(passed, failed, ignored, measured, filtered, failedTests);
  }
}
