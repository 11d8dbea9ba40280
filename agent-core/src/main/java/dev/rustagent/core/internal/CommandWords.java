package dev.rustagent.core.internal;

import dev.rustagent.tools.spi.internal.ShellWordSplitter;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell would for plain words: whitespace separates,
 * single and double quotes group, a backslash escapes the next character (not inside single quotes).
 * No expansion of any kind happens. Used for slash commands and for command lines given to the CLI.
 */
public final class CommandWords {
  private CommandWords() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
   */
  public static List<String> split(String line) {
    return ShellWordSplitter.split(line);
  }
}
