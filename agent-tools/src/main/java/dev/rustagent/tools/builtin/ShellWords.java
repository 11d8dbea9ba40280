package dev.rustagent.tools.builtin;

import dev.rustagent.tools.spi.internal.ShellWordSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a shell tool call will actually run: the argument list with the wrappers that only start
 * another program peeled off ({@code env}, {@code nice}, {@code timeout}, {@code nohup},
 * {@code stdbuf}, {@code ionice}, {@code xargs}, {@code command}, {@code exec}, {@code time},
 * {@code sh -c}/{@code bash -c} with a simple command), and the variables set on the way
 * ({@code env NAME=value}, {@code NAME=value cmd} in a shell body). Permission rules and the cargo
 * checks look at the result, so {@code env rm -rf x} is {@code rm -rf x}.
 */
final class ShellWords {
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "busybox");
  /** Wrappers and the options of theirs that take a value as the next argument. */
  private static final Map<String, Set<String>> WRAPPERS = Map.of(
      "env", Set.of("-u", "--unset", "-C", "--chdir", "-S", "--split-string"),
      "nice", Set.of("-n", "--adjustment"),
      "timeout", Set.of("-s", "--signal", "-k", "--kill-after"),
      "nohup", Set.of(),
      "stdbuf", Set.of("-i", "-o", "-e", "--input", "--output", "--error"),
      "ionice", Set.of("-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid", "-u", "--uid"),
      "xargs", Set.of("-a", "--arg-file", "-d", "--delimiter", "-E", "-e", "-I", "-i", "-L", "-l", "-n",
          "--max-args", "-P", "--max-procs", "-s", "--max-chars", "--process-slot-var"),
      "command", Set.of(),
      "exec", Set.of("-a"),
      "time", Set.of("-f", "--format", "-o", "--output"));

  /**
   * The effective command.
   *
   * @param argv the program as the peeled command names it, and its arguments
   * @param assignments the variables set by wrappers on the way
   * @param compound whether a shell body held shell syntax ({@code ;}, {@code |}, {@code $(...)}, ...)
   *     that this reading does not follow; such a body is kept as one argument
   */
  record Effective(List<String> argv, Map<String, String> assignments, boolean compound) {}

  private ShellWords() {}

  static Effective effective(List<String> argv) {
    List<String> words = new ArrayList<>(argv);
    Map<String, String> assignments = new java.util.LinkedHashMap<>();
    boolean compound = false;
    for (int guard = 0; guard < 32 && !words.isEmpty(); guard++) {
      String program = baseName(words.get(0));
      if (SHELLS.contains(program)) {
        int c = words.indexOf("-c");
        if (c < 0 || c + 1 >= words.size()) {
          break;
        }
        String body = words.get(c + 1);
        if (hasShellSyntax(body)) {
          compound = true;
          break;
        }
        try {
          words = split(body);
        } catch (IllegalArgumentException e) {
          compound = true; // an unterminated quote: not a simple command this reading can follow
          break;
        }
        continue;
      }
      Set<String> valued = WRAPPERS.get(program);
      if (valued == null) {
        break;
      }
      int i = 1;
      while (i < words.size()) {
        String w = words.get(i);
        if (program.equals("env") && w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
          assignments.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
          i++;
        } else if (w.equals("--")) {
          i++;
          break;
        } else if (w.startsWith("-") && w.length() > 1) {
          if (program.equals("env") && (w.equals("-S") || w.equals("--split-string")) && i + 1 < words.size()) {
            List<String> rest;
            try {
              rest = new ArrayList<>(split(words.get(i + 1)));
            } catch (IllegalArgumentException e) {
              return new Effective(List.copyOf(argv), Map.of(), true);
            }
            rest.addAll(words.subList(i + 2, words.size()));
            words = new ArrayList<>(List.of("env"));
            words.addAll(rest);
            i = 1;
            continue;
          }
          i += valued.contains(w) ? 2 : 1;
        } else if (program.equals("timeout")) {
          i++; // the duration comes before the program
          break;
        } else {
          break;
        }
      }
      words = new ArrayList<>(words.subList(Math.min(i, words.size()), words.size()));
    }
    // NAME=value words before the program in a shell body
    while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      String w = words.remove(0);
      assignments.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
    }
    return new Effective(List.copyOf(words), Map.copyOf(assignments), compound);
  }

  static String baseName(String program) {
    int slash = program.lastIndexOf('/');
    return slash < 0 ? program : program.substring(slash + 1);
  }

  private static boolean hasShellSyntax(String body) {
    for (int i = 0; i < body.length(); i++) {
      if (";&|`$<>(){}\n\r*?[~!#".indexOf(body.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Splits a simple shell body (no shell syntax) into words, honouring quotes and backslashes. */
  static List<String> split(String body) {
    return ShellWordSplitter.split(body);
  }
}
