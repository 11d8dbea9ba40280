package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.spi.internal.OutputShaper.MARK;

import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CargoReport.TestSummary;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.internal.LibtestOutput;
import dev.rustagent.tools.spi.internal.OutputShaper;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cargo and clippy tools' text for the model, shaped for tokens. The first line is the verdict,
 * written by the tool: {@code § cargo check: FAILED (exit code 101), 2 errors, 3 warnings}. Then, each
 * under its own {@code §} line: cargo's own failure, the test result and each failed test's output,
 * the diagnostics ({@link DiagnosticsText}: errors first, warnings of one kind collapsed), the
 * program's output and cargo's messages. Everything the program or the repository printed is
 * {@linkplain OutputShaper#quote quoted} and long parts are cut to head + tail with a count of what was
 * cut, so no section can push the verdict or the errors out, nor forge a {@code §} line.
 */
final class CargoText {
  /** cargo's progress lines and closing tallies, which say nothing the verdict line does not. */
  private static final Pattern PROGRESS = Pattern.compile(
      "^\\s*(Compiling|Checking|Finished|Running|Fresh|Doc-tests|Blocking|Locking|Documenting)\\b.*$"
          + "|^(error: could not compile|warning: `[^`]*` \\(.*\\) generated \\d+ warnings?|error: test failed, to rerun).*$",
      Pattern.MULTILINE);

  private static final Pattern FRAME = Pattern.compile("^\\s*\\d+: .*$");
  private static final Pattern STD_LOCATION = Pattern.compile("^\\s+at /rustc/.*$");

  private CargoText() {}

  static String of(CargoReport report, List<String> otherLines, String stderr, ProcessRunner.Outcome outcome,
      boolean network, ToolContext context) {
    int cap = context.outputCap();
    StringBuilder text = new StringBuilder(MARK).append(' ')
        .append(OutputShaper.clean(report.command().replace(" --message-format=json", "")).replace('\n', ' '))
        .append(": ")
        .append(outcome.succeeded() ? "ok" : "FAILED (exit code " + outcome.exitCode() + ")")
        .append(", ").append(count(report.errors().size(), "error")).append(", ")
        .append(count(report.warnings().size(), "warning")).append('\n');
    if (report.failure() != null) {
      text.append(MARK).append(" cargo failed without a compiler error to fix; nothing was checked. cargo said:\n")
          .append(untrusted(report.failure(), cap / 3)).append('\n');
    }
    TestSummary tests = report.tests();
    if (tests != null) {
      text.append(MARK).append(" test result: ").append(tests.passed()).append(" passed, ").append(tests.failed())
          .append(" failed, ").append(tests.ignored()).append(" ignored, ").append(tests.filteredOut())
          .append(" filtered out\n");
      int each = Math.max(1_000, Math.min(4_000, cap / 3 / Math.max(1, tests.failures().size())));
      for (TestSummary.FailedTest failed : tests.failures()) {
        text.append(MARK).append(" FAILED ").append(OutputShaper.clean(failed.name()).replace('\n', ' ')).append('\n');
        if (!failed.output().isEmpty()) {
          text.append(untrusted(withoutStdFrames(failed.output()), each)).append('\n');
        }
      }
    }
    // Errors before warnings, whole diagnostics only, within the part of the cap that survives a cut.
    text.append(DiagnosticsText.render(report.diagnostics(),
        Math.max(cap / 3, cap * 2 / 3 - text.length())));
    String programOutput = String.join("\n", tests == null ? otherLines : LibtestOutput.uncaptured(otherLines)).strip();
    if (!programOutput.isEmpty()) {
      text.append(MARK).append(tests == null ? " program output:\n" : " printed outside the tests' capture:\n")
          .append(untrusted(programOutput, cap / 3)).append('\n');
    }
    String messages = PROGRESS.matcher(stderr).replaceAll("").strip().replaceAll("\n{3,}", "\n\n");
    if (report.failure() == null && !messages.isEmpty() && (!outcome.succeeded() || report.diagnostics().isEmpty())) {
      text.append(MARK).append(" cargo said:\n").append(untrusted(messages, cap / 4)).append('\n');
    }
    if (network) {
      text.append(MARK).append(" cargo needed the network (to fetch the registry index or crates), which is not "
          + "available here; use dependencies that are already in the local registry cache, or vendor them.\n");
    }
    if (outcome.outputCut()) {
      text.append(MARK).append(" cargo printed more output than is kept; the middle was left out\n");
    }
    String stop = BuiltinTool.stopNote(outcome, context);
    return stop.isEmpty() ? text.toString() : text.append(MARK).append(' ').append(stop.strip()).append('\n').toString();
  }

  /**
   * A panic's backtrace without the frames in the standard library (the two lines of a frame whose
   * location is under {@code /rustc/}), counted in a note; the test's own frames stay.
   */
  static String withoutStdFrames(String output) {
    List<String> lines = output.lines().toList();
    StringBuilder out = new StringBuilder(output.length());
    int dropped = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (i + 1 < lines.size() && FRAME.matcher(lines.get(i)).matches() && STD_LOCATION.matcher(lines.get(i + 1)).matches()) {
        dropped++;
        i++;
      } else {
        out.append(lines.get(i)).append('\n');
      }
    }
    return dropped == 0 ? output : out.append("(").append(dropped)
        .append(" backtrace frames in the standard library left out)").toString();
  }

  /** Program text: quoted, repeated lines collapsed, cut to head + tail within {@code budget}. */
  private static String untrusted(String text, int budget) {
    return OutputShaper.headTail(OutputShaper.collapseRepeats(OutputShaper.quote(text.strip())), Math.max(256, budget));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
