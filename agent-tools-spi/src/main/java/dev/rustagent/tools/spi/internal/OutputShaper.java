package dev.rustagent.tools.spi.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place tool output is shaped for the model's tokens, for every tool: terminal junk removed,
 * repeated lines collapsed, and text over a budget shown as head + tail with a count of what was cut.
 *
 * <p>Shaped text has two kinds of lines. Lines the tool itself writes (a header with the verdict and
 * counts, section titles, notes about what was cut or collapsed) start with {@link #MARK}. Everything
 * else comes from the program or the repository and passes through {@link #quote}, which prefixes a
 * backslash to any of its lines that would start with the mark, so a program, a test or a
 * {@code compile_error!} cannot print a line that looks like the tool's own verdict.
 */
public final class OutputShaper {
  /** The first character of every line the tool writes itself. */
  public static final String MARK = "\u00a7";

  /** ANSI escape sequences: CSI (colours, cursor moves), OSC (titles, links) and two-character escapes. */
  private static final Pattern ANSI = Pattern.compile(
      "\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?|\u001b[@-Z\\\\-_]|\u009b[0-?]*[ -/]*[@-~]");
  private static final Pattern REPLACEMENT_RUN = Pattern.compile("\ufffd{4,}");
  /** Words whose lines are counted when lines are cut, so the model knows what it did not see. */
  private static final String[] TELLING = {"error", "warning", "panicked", "FAILED"};
  /** Runs of identical lines at least this long are collapsed. */
  private static final int REPEAT_RUN = 3;
  /** Runs of lines differing only in numbers at least this long are collapsed. */
  private static final int SIMILAR_RUN = 6;
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private OutputShaper() {}

  /**
   * Text without terminal control: ANSI escapes removed, {@code \r\n} and lone {@code \r} made line
   * breaks (so text a carriage return would hide on a terminal stays visible), other control characters
   * removed, bidirectional overrides shown as {@code <U+202E>}, and runs of undecodable bytes (shown as
   * U+FFFD) collapsed to one with their count.
   */
  public static String clean(String text) {
    requireNonNull(text, "text");
    String noAnsi = text.indexOf('\u001b') >= 0 || text.indexOf('\u009b') >= 0
        ? ANSI.matcher(text).replaceAll("") : text;
    StringBuilder out = new StringBuilder(noAnsi.length());
    for (int i = 0; i < noAnsi.length(); i++) {
      char c = noAnsi.charAt(i);
      if (c == '\r') {
        if (i + 1 < noAnsi.length() && noAnsi.charAt(i + 1) == '\n') {
          continue;
        }
        out.append('\n');
      } else if (c == '\n' || c == '\t') {
        out.append(c);
      } else if (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f) {
        continue;
      } else if (c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' || c == '\u200e' || c == '\u200f') {
        out.append("<U+").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('>');
      } else {
        out.append(c);
      }
    }
    String cleaned = out.toString();
    return cleaned.indexOf('\ufffd') < 0 ? cleaned : REPLACEMENT_RUN.matcher(cleaned)
        .replaceAll(m -> "\ufffd(" + m.group().length() + " undecodable bytes)");
  }

  /**
   * Program or repository text made safe to place among the tool's own lines: {@linkplain #clean
   * cleaned}, and every line whose first non-blank character is {@link #MARK} prefixed with a backslash.
   */
  public static String quote(String text) {
    String cleaned = clean(text);
    if (!cleaned.contains(MARK)) {
      return cleaned;
    }
    StringBuilder out = new StringBuilder(cleaned.length() + 8);
    for (String line : cleaned.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.strip().startsWith(MARK)) {
        out.append('\\');
      }
      out.append(line);
    }
    return out.toString();
  }

  /**
   * Repetition collapsed: a run of {@value #REPEAT_RUN} or more identical lines is kept once, and a run
   * of {@value #SIMILAR_RUN} or more lines that differ only in their numbers (progress counters, row
   * indices) keeps its first and last line; a {@link #MARK} line counts what was left out.
   */
  public static String collapseRepeats(String text) {
    String[] lines = text.split("\n", -1);
    List<String> out = new ArrayList<>(lines.length);
    int i = 0;
    while (i < lines.length) {
      int same = i + 1;
      while (same < lines.length && lines[same].equals(lines[i])) {
        same++;
      }
      String shape = shape(lines[i]);
      int similar = i + 1;
      while (similar < lines.length && shape(lines[similar]).equals(shape)) {
        similar++;
      }
      if (same - i >= REPEAT_RUN && !lines[i].isBlank()) {
        out.add(lines[i]);
        out.add(MARK + " (the line above " + (same - i - 1) + " more times)");
        i = same;
      } else if (similar - i >= SIMILAR_RUN && !shape.equals(lines[i]) && !lines[i].isBlank()) {
        out.add(lines[i]);
        out.add(MARK + " ... " + (similar - i - 2) + " more lines like these, differing only in numbers ...");
        out.add(lines[similar - 1]);
        i = similar;
      } else {
        out.add(lines[i++]);
      }
    }
    return out.size() == lines.length ? text : String.join("\n", out);
  }

  /** The line with every run of digits as one {@code #}. */
  private static String shape(String line) {
    return DIGITS.matcher(line).replaceAll("#");
  }

  /**
   * The text cut to at most about {@code budget} characters at line boundaries: the first lines (two
   * fifths of the budget) and the last (the rest, where compilers, test runners and shells put their
   * verdicts), with one {@link #MARK} line between them counting the cut lines and how many of them
   * mention an error, a warning, a panic or a failure. A single line longer than its share is cut
   * inside the line. Text within the budget is returned unchanged.
   */
  public static String headTail(String text, int budget) {
    requireNonNull(text, "text");
    if (budget < 64) {
      throw new IllegalArgumentException("budget must be at least 64 characters: " + budget);
    }
    if (text.length() <= budget) {
      return text;
    }
    String[] lines = text.split("\n", -1);
    if (lines.length == 1) {
      return cutLine(text, budget);
    }
    int headBudget = budget * 2 / 5;
    int tailBudget = budget - headBudget - 120;
    List<String> head = new ArrayList<>();
    int used = 0;
    int h = 0;
    while (h < lines.length && used + lines[h].length() + 1 <= headBudget) {
      used += lines[h].length() + 1;
      head.add(lines[h++]);
    }
    if (head.isEmpty()) {
      head.add(cutLine(lines[0], headBudget));
      h = 1;
    }
    List<String> tail = new ArrayList<>();
    used = 0;
    int t = lines.length - 1;
    while (t >= h && used + lines[t].length() + 1 <= tailBudget) {
      used += lines[t].length() + 1;
      tail.add(0, lines[t--]);
    }
    if (tail.isEmpty() && t >= h) {
      tail.add(cutLine(lines[t--], tailBudget));
    }
    StringBuilder out = new StringBuilder(budget + 200);
    out.append(String.join("\n", head)).append('\n');
    if (t + 1 > h) {
      out.append(cutNote(lines, h, t + 1)).append('\n');
    }
    out.append(String.join("\n", tail));
    return out.toString();
  }

  /** The note for lines {@code from} (inclusive) to {@code to} (exclusive) left out. */
  private static String cutNote(String[] lines, int from, int to) {
    int chars = 0;
    int[] telling = new int[TELLING.length];
    for (int i = from; i < to; i++) {
      chars += lines[i].length() + 1;
      for (int w = 0; w < TELLING.length; w++) {
        if (lines[i].contains(TELLING[w])) {
          telling[w]++;
        }
      }
    }
    StringBuilder note = new StringBuilder(MARK).append(" ... output truncated: ").append(to - from).append(" lines (")
        .append(chars).append(" characters) cut here");
    List<String> counts = new ArrayList<>();
    for (int w = 0; w < TELLING.length; w++) {
      if (telling[w] > 0) {
        counts.add(telling[w] + " with \"" + TELLING[w] + "\"");
      }
    }
    if (!counts.isEmpty()) {
      note.append(", ").append(String.join(", ", counts));
    }
    return note.append(" ...").toString();
  }

  private static String cutLine(String line, int budget) {
    if (line.length() <= budget) {
      return line;
    }
    int keep = Math.max(16, budget - 60);
    int front = keep / 2;
    return line.substring(0, front) + " " + MARK + " ... output truncated: " + (line.length() - keep) + " of " + line.length() + " characters cut ... "
        + line.substring(line.length() - (keep - front));
  }

  /**
   * Any tool's text as the model gets it: {@linkplain #clean cleaned}, repeated lines
   * {@linkplain #collapseRepeats collapsed}, and {@linkplain #headTail cut} to {@code cap} characters.
   */
  public static String forModel(String text, int cap) {
    return headTail(collapseRepeats(clean(text)), cap);
  }

  /** {@link #forModel(String, int)} for a result: the same result when its text needs no shaping. */
  public static ToolResult forModel(ToolResult result, int cap) {
    String collapsed = collapseRepeats(clean(result.text()));
    String shaped = headTail(collapsed, cap);
    if (shaped.equals(result.text())) {
      return result;
    }
    boolean cut = result.truncated() || shaped != collapsed;
    return result.isError() ? new ToolResult.Failure(shaped, cut, result.payload())
        : new ToolResult.Success(shaped, cut, result.payload());
  }
}
