package dev.rustagent.examples.cli.tui;

import dev.rustagent.core.internal.TerminalText;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The panel's status area, drawn below the input line: what the agent is doing, the helper agents,
 * the pending permission question and the suggested next actions. A pure function of a
 * {@link Snapshot} and the terminal's size: every line fits the width, and on a short terminal the
 * least important parts go first. Text from the model or tools is escaped before it is styled.
 */
final class PanelView {
  private PanelView() {}

  /** A helper agent as shown. */
  record Helper(String id, String status, String task, long seconds, String progress) {}

  /** What the panel shows at one moment. */
  record Snapshot(String workspace, boolean running, long runSeconds, String streaming, List<Helper> helpers,
      String permission, List<String> suggestions, String notice) {}

  static final AttributedStyle TITLE = AttributedStyle.DEFAULT.inverse();
  static final AttributedStyle KEY = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
  static final AttributedStyle WARN = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
  static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();

  static List<AttributedString> render(Snapshot s, int width, int height) {
    int w = Math.max(10, width - 1);
    List<AttributedString> lines = new ArrayList<>();
    String state = s.running() ? "working " + s.runSeconds() + "s  ^C cancels" : "ready";
    lines.add(fit(new AttributedStringBuilder().style(TITLE)
        .append(pad(" rust-agent panel | " + state + " | " + s.workspace(), w)).toAttributedString(), w));
    if (s.permission() != null) {
      lines.add(fit(new AttributedStringBuilder().style(WARN).append("Permission: ").style(AttributedStyle.DEFAULT)
          .append(safe(s.permission())).append("  ").style(KEY).append("y").style(AttributedStyle.DEFAULT)
          .append(" allow  ").style(KEY).append("n").style(AttributedStyle.DEFAULT).append(" refuse  ")
          .style(KEY).append("a").style(AttributedStyle.DEFAULT).append(" always").toAttributedString(), w));
    }
    if (s.running() && !s.streaming().isEmpty()) {
      lines.add(fit(new AttributedStringBuilder().style(DIM).append("agent> ").style(AttributedStyle.DEFAULT)
          .append(safe(s.streaming())).toAttributedString(), w));
    }
    List<Helper> helpers = s.helpers();
    if (!helpers.isEmpty()) {
      lines.add(fit(new AttributedStringBuilder().append("Helpers (").style(KEY).append("^K")
          .style(AttributedStyle.DEFAULT).append(" cancels the newest running):").toAttributedString(), w));
      for (Helper h : helpers) {
        lines.add(fit(new AttributedStringBuilder().append("  " + h.id() + " ").style(KEY).append(h.status())
            .style(AttributedStyle.DEFAULT).append(" " + h.seconds() + "s").style(DIM)
            .append(h.progress().isEmpty() ? "  " : " (" + safe(h.progress()) + ")  ").style(AttributedStyle.DEFAULT)
            .append(safe(h.task())).toAttributedString(), w));
      }
    }
    if (!s.suggestions().isEmpty()) {
      AttributedStringBuilder b = new AttributedStringBuilder().append("Next: ");
      for (int i = 0; i < s.suggestions().size(); i++) {
        b.style(KEY).append("/do " + (i + 1)).style(AttributedStyle.DEFAULT).append(" " + safe(s.suggestions().get(i)) + "  ");
      }
      lines.add(fit(b.toAttributedString(), w));
    }
    if (s.notice() != null && !s.notice().isEmpty()) {
      lines.add(fit(new AttributedStringBuilder().style(DIM).append(safe(s.notice())).toAttributedString(), w));
    }
    lines.add(fit(new AttributedStringBuilder().style(DIM)
        .append("Enter sends · Tab completes /commands and paths · Up/Down history · ^D or /quit leaves")
        .toAttributedString(), w));
    int max = Math.max(2, height / 3);
    while (lines.size() > max) {
      lines.remove(lines.size() - (lines.size() > 2 ? 2 : 1)); // the keys line stays last; drop from the bottom up
    }
    return lines;
  }

  /** One line of the model's or a tool's text, made safe for the terminal and flattened to one line. */
  /**
   * {@code line} with its colours taken out and its other styles (bold, inverse, faint) kept: what the
   * panel shows under {@code NO_COLOR} or {@code --no-color}.
   */
  static AttributedString withoutColour(AttributedString line) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    for (int i = 0; i < line.length(); i++) {
      b.style(line.styleAt(i).foregroundOff().backgroundOff()).append(line.charAt(i));
    }
    return b.toAttributedString();
  }

  static String safe(String text) {
    return TerminalText.safe(text.replace('\n', ' ').replace('\t', ' '));
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static AttributedString fit(AttributedString line, int width) {
    return line.columnLength() <= width ? line
        : AttributedString.join(AttributedString.EMPTY, line.columnSubSequence(0, Math.max(1, width - 1)),
            new AttributedString("…"));
  }
}
