package dev.rustagent.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * What the CLI knows about the terminal it writes to: whether standard error is one (a redrawn
 * progress bar, else plain lines) and whether colour is wanted ({@code NO_COLOR}, {@code --no-color}).
 */
final class Terminal {
  /** The environment variable of https://no-color.org: any non-empty value turns colour off. */
  static final String NO_COLOR = "NO_COLOR";

  private Terminal() {}

  /**
   * @return whether this process's standard error is a terminal (on Linux, where file descriptor 2
   *     points; elsewhere, whether the process has a console); never with {@code TERM=dumb}
   */
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | SecurityException e) {
      // fall through to the console check
    }
    return System.console() != null;
  }

  /**
   * The colour mode of help and other output: off when {@code --no-color} was given or
   * {@code NO_COLOR} is set to anything but the empty string, else picocli's automatic choice (colour on
   * a terminal only).
   *
   * @param environment the process environment
   * @param noColorFlag whether {@code --no-color} was given
   * @return {@link Ansi#OFF} or {@link Ansi#AUTO}
   */
  static Ansi ansi(Map<String, String> environment, boolean noColorFlag) {
    String noColor = environment.get(NO_COLOR);
    return noColorFlag || (noColor != null && !noColor.isEmpty()) ? Ansi.OFF : Ansi.AUTO;
  }
}
