package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import java.io.PrintWriter;

/**
 * Progress of long work on standard error. On a terminal, a one-line bar redrawn in place:
 * {@code [#######-------] 7/14 label}. Anywhere else (a pipe, a file, a CI log) plain lines, one per
 * tenth of the work and one at the end: {@code label: 7/14}, so logs hold no carriage returns.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final String label;
  private final int total;
  private final boolean terminal;
  private int lastLength;
  private int reportedTenths = -1;

  /**
   * @param out where to report
   * @param label what is counted
   * @param total how many there are
   * @param terminal whether {@code out} is a terminal (a redrawn bar) or not (plain lines)
   */
  ProgressBar(PrintWriter out, String label, int total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.terminal = terminal;
  }

  /** A progress report on {@code err}, the process's standard error: a bar only when it is a terminal. */
  static ProgressBar onStderr(PrintWriter err, String label, int total) {
    return new ProgressBar(err, label, total, Terminal.stderrIsTerminal());
  }

  synchronized void update(int done, String note) {
    int d = Math.max(0, Math.min(done, total));
    String suffix = note == null || note.isEmpty() ? "" : " " + TerminalText.safe(note);
    if (!terminal) {
      int tenths = d * 10 / total;
      if (tenths > reportedTenths) {
        out.println(label + ": " + d + "/" + total + suffix);
        out.flush();
        reportedTenths = tenths;
      }
      return;
    }
    int filled = d * WIDTH / total;
    String line = "\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + d + "/" + total + " " + label
        + suffix;
    int pad = Math.max(0, lastLength - line.length());
    out.print(line + " ".repeat(pad));
    out.flush();
    lastLength = line.length();
  }

  synchronized void finish() {
    if (terminal) {
      out.println();
    }
    out.flush();
  }
}
