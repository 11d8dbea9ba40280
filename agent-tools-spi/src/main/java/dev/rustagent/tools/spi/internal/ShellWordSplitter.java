package dev.rustagent.tools.spi.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell would for plain words: whitespace separates,
 * single and double quotes group, a backslash escapes the next character (not inside single quotes).
 * No expansion of any kind happens. Shared by the slash commands and the shell tool's reading of
 * {@code sh -c} bodies.
 *
 * <p>Internal: not public API.
 */
public final class ShellWordSplitter {
  private ShellWordSplitter() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
   */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quote != '\'') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("the line ends with a lone backslash");
        }
        word.append(line.charAt(++i));
        inWord = true;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated " + (quote == '"' ? "double" : "single") + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
