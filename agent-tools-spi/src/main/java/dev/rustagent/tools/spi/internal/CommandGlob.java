package dev.rustagent.tools.spi.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one glob for command lines, used by permission rules ({@code shell(cargo test:*)}) and the shell
 * policy ({@code cargo *}). {@code prefix:*} matches the prefix followed by nothing or by a space and
 * more; otherwise {@code *} matches any text and every other character itself. The first word of a
 * pattern names a program: it matches the program that will actually run, so a bare name matches the
 * same bare name or an absolute path that is the same file as the name found on the {@code PATH}, and
 * never a relative path such as {@code tools/cargo} (a file of the workspace). Immutable.
 *
 * <p>Internal: not public API.
 */
public final class CommandGlob {
  private final String text;
  private final String program;
  private final Pattern rest;

  private CommandGlob(String text, String program, Pattern rest) {
    this.text = text;
    this.program = program;
    this.rest = rest;
  }

  /** Compiles a pattern. */
  public static CommandGlob compile(String pattern) {
    requireNonNull(pattern, "pattern");
    boolean prefix = pattern.endsWith(":*");
    String body = prefix ? pattern.substring(0, pattern.length() - 2) : pattern;
    int space = body.indexOf(' ');
    String first = space < 0 ? body : body.substring(0, space);
    String tail = space < 0 ? "" : body.substring(space + 1);
    if (first.isEmpty() || first.contains("*")) {
      return new CommandGlob(pattern, null, prefix ? prefixRegex(body) : globRegex(body));
    }
    Pattern rest = prefix ? prefixRegex(tail) : space < 0 ? Pattern.compile("") : globRegex(tail);
    if (!prefix && space < 0) {
      rest = Pattern.compile("");
    }
    return new CommandGlob(pattern, first, rest);
  }

  /** Whether the command line matches. */
  public boolean matches(String commandLine) {
    requireNonNull(commandLine, "commandLine");
    String line = commandLine.strip();
    if (program == null) {
      return rest.matcher(line).matches();
    }
    int space = line.indexOf(' ');
    String given = space < 0 ? line : line.substring(0, space);
    String args = space < 0 ? "" : line.substring(space + 1).strip();
    return sameProgram(program, given) && rest.matcher(args).matches();
  }

  /**
   * Whether {@code given} runs the program a rule names as {@code named}: the same bare name, or the
   * same file once both are resolved (bare names on the PATH, absolute paths as they are). A relative
   * path is never the same as a program of the PATH.
   */
  public static boolean sameProgram(String named, String given) {
    if (!given.contains("/") && given.equals(named)) {
      return true;
    }
    Optional<Path> a = locate(named);
    Optional<Path> b = locate(given);
    return a.isPresent() && b.isPresent() && a.get().equals(b.get());
  }

  private static Optional<Path> locate(String program) {
    if (program.contains("/") && !Path.of(program).isAbsolute()) {
      return Optional.empty();
    }
    return Programs.find(program).map(p -> {
      try {
        return p.toRealPath();
      } catch (IOException e) {
        return p.toAbsolutePath().normalize();
      }
    });
  }

  private static Pattern prefixRegex(String prefix) {
    return prefix.isEmpty() ? Pattern.compile(".*", Pattern.DOTALL)
        : Pattern.compile(Pattern.quote(prefix) + "(?: .*)?", Pattern.DOTALL);
  }

  private static Pattern globRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String piece : glob.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(piece));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return text;
  }
}
