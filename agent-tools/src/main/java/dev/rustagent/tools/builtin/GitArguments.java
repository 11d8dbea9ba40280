package dev.rustagent.tools.builtin;

import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options each git subcommand of the {@code git} tool may take: an allow-list per subcommand, so
 * an option git knows and this list does not (an output file, an external program, {@code --no-index},
 * {@code --contents}) is refused, whatever its spelling. A long option may be shortened as git allows
 * (an unambiguous prefix); it is rewritten to its full name before git sees it, so git cannot read it
 * as another option. Every argument that is not an option (a path, a revision) must resolve inside the
 * workspace: git reads a path outside the work tree as an implicit {@code --no-index}.
 */
final class GitArguments {
  /** An allowed option; {@code value} when the value may follow as the next argument. */
  private record Option(String name, boolean value) {}

  private static final Map<String, List<Option>> LONG = new HashMap<>();
  private static final Map<String, Set<Character>> SHORT_FLAGS = new HashMap<>();
  private static final Map<String, Set<Character>> SHORT_VALUES = new HashMap<>();

  private static final String DIFF_OPTIONS = "--stat --numstat --shortstat --name-only --name-status --summary "
      + "--patch --no-patch --raw --patch-with-stat --patch-with-raw --compact-summary --dirstat --cumulative "
      + "--unified= --function-context --ignore-all-space --ignore-space-change --ignore-blank-lines "
      + "--ignore-space-at-eol --ignore-cr-at-eol --word-diff --word-diff= --color-words --no-color --color=never "
      + "--minimal --patience --histogram --diff-algorithm= --find-renames --find-copies --no-renames "
      + "--full-index --binary --abbrev --abbrev= --no-abbrev --diff-filter= --relative --no-relative --text "
      + "--exit-code --quiet --check --src-prefix= --dst-prefix= --no-prefix --indent-heuristic "
      + "--no-indent-heuristic --merge-base --stat= --submodule --submodule= --no-ext-diff --no-textconv";
  private static final String LOG_OPTIONS = "--oneline --graph --decorate --decorate= --no-decorate --all "
      + "--branches --tags --max-count= --skip= --since= --after= --until= --before= --author= --committer= "
      + "--grep= --all-match --invert-grep --regexp-ignore-case --merges --no-merges --first-parent --reverse "
      + "--format= --pretty= --pretty --date= --abbrev-commit --no-abbrev-commit --follow --name-only "
      + "--source --topo-order --date-order --author-date-order --left-right --cherry-pick --boundary "
      + "--ancestry-path --simplify-by-decoration --full-history --no-walk --no-walk= --show-signature "
      + "--walk-reflogs --count --stdin-no";
  private static final String STATUS_OPTIONS = "--short --branch --porcelain --porcelain= --long --untracked-files "
      + "--untracked-files= --ignored --ignored= --ignore-submodules --ignore-submodules= --no-renames --renames "
      + "--ahead-behind --no-ahead-behind --column --no-column --show-stash --verbose --null --find-renames "
      + "--find-renames=";

  static {
    define("status", STATUS_OPTIONS, "sbvzu", "");
    define("diff", DIFF_OPTIONS + " --cached --staged", "pRuwazbWM", "U");
    define("log", DIFF_OPTIONS + " " + LOG_OPTIONS, "pugzM", "nU");
    define("show", DIFF_OPTIONS + " " + LOG_OPTIONS, "psuzM", "U");
    define("blame", "--porcelain --line-porcelain --incremental --show-name --show-number --show-email "
        + "--show-stats --root --reverse --first-parent --abbrev= --date= --no-textconv --minimal "
        + "--ignore-rev --color-lines --color-by-age", "bclfnsetwMC", "L");
    define("branch", "--list --all --remotes --verbose --show-current --contains --no-contains --merged "
        + "--no-merged --no-color --format= --sort= --points-at --delete --move --copy --force --track "
        + "--no-track --set-upstream-to= --unset-upstream --create-reflog --quiet --column --no-column "
        + "--ignore-case", "lavrdDmMcCfq", "u");
    define("add", "--all --update --intent-to-add --force --verbose --dry-run --ignore-errors "
        + "--ignore-missing --renormalize --no-all --ignore-removal", "AuNfvn", "");
    define("commit", "--message= --all --amend --no-edit --allow-empty --allow-empty-message --author= "
        + "--date= --quiet --signoff --verbose --no-verify --only --include --reset-author --dry-run "
        + "--short --porcelain --status --no-status", "aqsvnoi", "m");
    define("checkout", "--quiet --force --detach --ours --theirs --merge --orphan --no-track --track "
        + "--ignore-other-worktrees --overwrite-ignore --no-overwrite-ignore --recurse-submodules "
        + "--no-recurse-submodules --progress --no-progress", "qfm", "bB");
    define("stash", "--message= --include-untracked --keep-index --no-keep-index --all --quiet --index "
        + "--staged --stat --patch-no", "ukaqS", "m");
    define("apply", "--check --stat --numstat --summary --cached --index --intent-to-add --3way --reverse "
        + "--reject --recount --verbose --quiet --whitespace= --exclude= --include= --apply --allow-empty "
        + "--ignore-space-change --ignore-whitespace --no-add --inaccurate-eof --allow-overlap", "R3vq",
        "pC");
  }

  private GitArguments() {}

  private static void define(String sub, String longOptions, String flags, String values) {
    List<Option> options = new ArrayList<>();
    for (String spec : longOptions.trim().split("\\s+")) {
      if (spec.endsWith("-no")) {
        continue; // placeholders that keep the lists readable; never an option
      }
      boolean takesValue = spec.endsWith("=");
      options.add(new Option(takesValue ? spec.substring(0, spec.length() - 1) : spec, takesValue));
    }
    LONG.put(sub, List.copyOf(options));
    SHORT_FLAGS.put(sub, chars(flags));
    SHORT_VALUES.put(sub, chars(values));
  }

  private static Set<Character> chars(String text) {
    return Set.copyOf(text.chars().mapToObj(c -> (char) c).toList());
  }

  /** The arguments with long options written in full, or the reason they are refused. */
  record Checked(List<String> args, String refusal) {}

  /**
   * Checks {@code args} (the subcommand first) against the allow-list and the workspace.
   *
   * @param root the workspace root paths are resolved against, or {@code null} to check options only
   */
  static Checked check(List<String> args, Path root) {

    if (args.isEmpty() || !LONG.containsKey(args.get(0))) {
      return new Checked(args, "git needs a subcommand first in 'args', one of " + GitTool.SUBCOMMANDS
          + (args.isEmpty() ? "" : "; got '" + args.get(0) + "'"));
    }
    String sub = args.get(0);
    List<String> out = new ArrayList<>();
    out.add(sub);
    boolean pathsOnly = false;
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (pathsOnly || !arg.startsWith("-") || arg.equals("-")) {
        Optional<String> outside = outside(arg, root, sub);
        if (outside.isPresent()) {
          return new Checked(args, outside.get());
        }
        out.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        pathsOnly = true;
        out.add(arg);
        continue;
      }
      if (arg.startsWith("--")) {
        String given = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        Optional<Option> option = resolveLong(sub, given);
        if (option.isEmpty()) {
          return new Checked(args, refusedOption(sub, arg));
        }
        String full = option.get().name() + (arg.contains("=") ? arg.substring(arg.indexOf('=')) : "");
        out.add(full);
        if (option.get().value() && !arg.contains("=")) {
          if (i + 1 >= args.size()) {
            return new Checked(args, "git option '" + arg + "' needs a value");
          }
          out.add(args.get(++i));
        }
        continue;
      }
      if (arg.length() > 1 && arg.substring(1).chars().allMatch(Character::isDigit)
          && (sub.equals("log") || sub.equals("show"))) {
        out.add(arg); // -5: the last five commits
        continue;
      }
      String refusal = checkShort(sub, arg);
      if (refusal != null) {
        return new Checked(args, refusal);
      }
      out.add(arg);
      char last = arg.charAt(arg.length() - 1);
      boolean valueAttached = false;
      for (int k = 1; k < arg.length(); k++) {
        if (SHORT_VALUES.get(sub).contains(arg.charAt(k))) {
          valueAttached = k < arg.length() - 1;
          break;
        }
      }
      if (SHORT_VALUES.get(sub).contains(last) && !valueAttached && i + 1 < args.size()) {
        out.add(args.get(++i));
      }
    }
    return new Checked(List.copyOf(out), null);
  }

  /** The allowed option {@code given} names: itself, or the one allowed option it is a prefix of. */
  private static Optional<Option> resolveLong(String sub, String given) {
    List<Option> options = LONG.get(sub);
    for (Option o : options) {
      if (o.name().equals(given)) {
        return Optional.of(o);
      }
    }
    if (given.length() < 4) {
      return Optional.empty();
    }
    List<Option> matches = options.stream().filter(o -> o.name().startsWith(given)).toList();
    boolean oneName = matches.stream().map(Option::name).distinct().count() == 1;
    return oneName ? Optional.of(matches.get(0)) : Optional.empty();
  }

  private static String checkShort(String sub, String arg) {
    Set<Character> flags = SHORT_FLAGS.get(sub);
    Set<Character> values = SHORT_VALUES.get(sub);
    for (int k = 1; k < arg.length(); k++) {
      char c = arg.charAt(k);
      if (values.contains(c)) {
        return null; // the rest is the option's value (-n5, -U3, -m"text")
      }
      if (!flags.contains(c)) {
        return refusedOption(sub, arg);
      }
    }
    return null;
  }

  private static String refusedOption(String sub, String arg) {
    return "git " + sub + " option '" + arg + "' is not allowed here; the git tool accepts only options "
        + "that keep git inside the workspace and run no other program (write long options in full if "
        + "a shortened one is refused)";
  }

  /** Why an argument that is not an option points outside the workspace, or empty. */
  private static Optional<String> outside(String arg, Path root, String sub) {
    if (root == null || arg.isEmpty() || arg.equals("-")) {
      return Optional.empty();
    }
    String path = arg;
    int colon = arg.indexOf(':');
    if (colon > 0 && !arg.startsWith("/") && !arg.startsWith(".")) {
      return Optional.empty(); // <revision>:<path> is read from the repository's objects
    }
    try {
      WorkspacePaths.resolve(root, path);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("git " + sub + " argument '" + arg + "' is refused: " + e.getMessage());
    }
  }
}
