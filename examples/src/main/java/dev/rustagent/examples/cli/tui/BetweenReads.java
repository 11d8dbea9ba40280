package dev.rustagent.examples.cli.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;

/**
 * What the panel does while its reader is not reading: the lines that arrive then wait here and are
 * printed in order once it reads again (printing straight to the terminal would leave them below a
 * prompt that is about to be redrawn), and a prompt abandoned by ^C is erased.
 */
final class BetweenReads {
  private final Terminal terminal;
  private final ArrayDeque<AttributedString> held = new ArrayDeque<>();
  /** How many lines the prompt last given to the reader has: the status lines and {@code you>}. */
  private volatile int promptLines = 1;

  BetweenReads(Terminal terminal) {
    this.terminal = terminal;
  }

  void promptLines(int lines) {
    promptLines = lines;
  }

  synchronized void hold(AttributedString line) {
    held.add(line);
  }

  /** The held lines, oldest first, and none held any more. */
  synchronized List<AttributedString> take() {
    List<AttributedString> lines = new ArrayList<>(held);
    held.clear();
    return lines;
  }

  /** Prints the held lines straight to the terminal (between reads, from the reading thread). */
  void printHeld() {
    for (AttributedString line : take()) {
      terminal.writer().println(line.toAnsi(terminal));
    }
    terminal.flush();
  }

  /**
   * ^C ends the read with the prompt still drawn and the cursor on the line below it; without this the
   * status lines and {@code you>} stay in the scrollback above the next prompt.
   */
  void eraseAbandonedPrompt(String partialLine) {
    int width = Math.max(1, terminal.getWidth());
    int inputColumns = "you> ".length() + (partialLine == null ? 0 : partialLine.length());
    int rows = promptLines + Math.max(0, (inputColumns - 1) / width);
    for (int i = 0; i < rows; i++) {
      terminal.puts(Capability.cursor_up);
    }
    terminal.puts(Capability.carriage_return);
    terminal.puts(Capability.clr_eos);
    terminal.flush();
  }
}
