package dev.rustagent.core.workflow;

import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import java.util.List;

/** How the Debugging workflow names, orders and sums up compiler diagnostics. */
final class DiagnosticText {
  private static final int MAX_EXPLANATION_CHARS = 700;

  private DiagnosticText() {}

  /** A workspace-relative path without leading {@code ./}, with forward slashes. */
  static String normal(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p;
  }

  /** The problem's identity across rounds: lines move when code is edited, code and message do not. */
  static String key(CompilerDiagnostic d) {
    return (d.code() == null ? "" : d.code()) + "|" + d.message() + "|"
        + d.primary().map(CompilerDiagnostic.Span::file).orElse("");
  }

  /** Where a diagnostic's edits start, so later ones can be applied first. */
  static int firstLine(CompilerDiagnostic d) {
    return d.machineApplicable().stream().mapToInt(s -> s.span().line()).min()
        .orElse(d.primary().map(CompilerDiagnostic.Span::line).orElse(0));
  }

  /** "2 error(s), 1 warning(s)", "no errors, 1 warning(s)" or "clean". */
  static String counts(List<CompilerDiagnostic> diagnostics) {
    long errors = diagnostics.stream().filter(CompilerDiagnostic::isError).count();
    long warnings = diagnostics.stream().filter(CompilerDiagnostic::isWarning).count();
    if (errors == 0) {
      return warnings == 0 ? "clean" : "no errors, " + warnings + " warning(s)";
    }
    return errors + " error(s), " + warnings + " warning(s)";
  }

  /** The first paragraph on one line, abbreviated. */
  static String firstParagraph(String text) {
    int cut = text.indexOf("\n\n");
    String first = cut < 0 ? text : text.substring(0, cut);
    return DebuggingWorkflow.abbreviate(first.replace('\n', ' '), MAX_EXPLANATION_CHARS);
  }

  /** The first sentence, abbreviated. */
  static String firstSentence(String text) {
    int cut = text.indexOf(". ");
    return DebuggingWorkflow.abbreviate(cut < 0 ? text : text.substring(0, cut + 1), 200);
  }
}
