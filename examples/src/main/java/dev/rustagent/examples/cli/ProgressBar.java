package dev.rustagent.examples.cli;

import dev.rustagent.core.text.TerminalText;
import java.io.PrintWriter;

/** A one-line text progress bar redrawn in place: {@code [#######-------] 7/14 label}. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final String label;
  private final int total;
  private int lastLength;

  ProgressBar(PrintWriter out, String label, int total) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
  }

  synchronized void update(int done, String note) {
    int d = Math.max(0, Math.min(done, total));
    int filled = d * WIDTH / total;
    String line = "\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + d + "/" + total + " " + label
        + (note == null || note.isEmpty() ? "" : " " + TerminalText.safe(note));
    int pad = Math.max(0, lastLength - line.length());
    out.print(line + " ".repeat(pad));
    out.flush();
    lastLength = line.length();
  }

  synchronized void finish() {
    out.println();
    out.flush();
  }
}
