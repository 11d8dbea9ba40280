package dev.rustagent.tools.builtin;

import dev.rustagent.tools.CompilerDiagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders compiler diagnostics for the model within a character budget: errors first, then warnings,
 * then the rest, each in rustc's order. A diagnostic that does not fit is left out whole (never cut in
 * the middle) and counted in a closing note, so the model knows what it did not see.
 */
final class DiagnosticsText {
  private DiagnosticsText() {}

  /**
   * @param diagnostics the diagnostics as cargo reported them
   * @param budget the most characters the rendering may take (the note aside)
   * @return the rendered diagnostics, each after a blank line, and a note counting any left out
   */
  static String render(List<CompilerDiagnostic> diagnostics, int budget) {
    List<CompilerDiagnostic> ordered = new ArrayList<>(diagnostics);
    ordered.sort(Comparator.comparingInt(DiagnosticsText::rank));
    StringBuilder text = new StringBuilder();
    int omittedErrors = 0;
    int omittedWarnings = 0;
    int omittedOther = 0;
    for (CompilerDiagnostic diagnostic : ordered) {
      String shown = "\n" + (diagnostic.rendered() != null ? diagnostic.rendered() : diagnostic.summary());
      if (text.length() + shown.length() <= budget) {
        text.append(shown);
      } else if (diagnostic.isError()) {
        omittedErrors++;
      } else if (diagnostic.level() == CompilerDiagnostic.Level.WARNING) {
        omittedWarnings++;
      } else {
        omittedOther++;
      }
    }
    if (omittedErrors + omittedWarnings + omittedOther > 0) {
      text.append("\n[").append(count(omittedErrors, "error")).append(", ").append(count(omittedWarnings, "warning"))
          .append(omittedOther > 0 ? ", " + count(omittedOther, "other diagnostic") : "")
          .append(" not shown: they did not fit in the output cap; errors are shown before warnings]\n");
    }
    return text.toString();
  }

  private static int rank(CompilerDiagnostic diagnostic) {
    if (diagnostic.isError()) {
      return 0;
    }
    return diagnostic.level() == CompilerDiagnostic.Level.WARNING ? 1 : 2;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
