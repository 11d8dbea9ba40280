package dev.rustagent.tools.internal;

import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code .gitignore} rules of a directory tree: patterns with {@code *}, {@code **}, {@code ?},
 * character classes, {@code !} negation, a trailing {@code /} for directories and a leading or inner
 * {@code /} anchoring the pattern to its file's directory. Files deeper in the tree are matched by
 * every {@code .gitignore} above them, the last matching rule deciding. {@code .git} is always skipped.
 */
public final class IgnoreRules {
  private record Rule(String base, Pattern pattern, boolean negated, boolean directoryOnly) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** No rules. */
  public static IgnoreRules none() {
    return new IgnoreRules(List.of());
  }

  /**
   * Walks {@code start} (inside {@code root}) in sorted order, calling {@code visitor} with every
   * regular file not ignored, and reading {@code .gitignore} files from the root down.
   */
  public static void walk(Path root, Path start, Consumer<Path> visitor) throws IOException {
    List<Rule> inherited = new ArrayList<>();
    Path dir = root;
    Path relStart = root.relativize(start);
    loadInto(root, root, inherited);
    for (Path part : relStart) {
      dir = dir.resolve(part);
      if (Files.isDirectory(dir) && !dir.equals(start)) {
        loadInto(root, dir, inherited);
      }
    }
    if (Files.isRegularFile(start)) {
      visitor.accept(start);
      return;
    }
    walkDir(root, start, new IgnoreRules(inherited), visitor, start.equals(root));
  }

  private static void walkDir(Path root, Path dir, IgnoreRules parent, Consumer<Path> visitor,
      boolean rulesAlreadyLoaded) throws IOException {
    List<Rule> rules = new ArrayList<>(parent.rules);
    if (!rulesAlreadyLoaded) {
      loadInto(root, dir, rules);
    }
    IgnoreRules here = new IgnoreRules(rules);
    List<Path> children;
    try (var stream = Files.list(dir)) {
      children = stream.sorted().toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      if (name.equals(".git")) {
        continue;
      }
      boolean directory = Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      String rel = WorkspacePaths.relative(root, child);
      if (here.ignored(rel, directory)) {
        continue;
      }
      if (directory) {
        walkDir(root, child, here, visitor, false);
      } else if (Files.isRegularFile(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        visitor.accept(child);
      }
    }
  }

  /** Whether the path (relative to the root, with forward slashes) is ignored. */
  public boolean ignored(String relativePath, boolean directory) {
    boolean ignored = false;
    for (Rule rule : rules) {
      if (rule.directoryOnly() && !directory) {
        continue;
      }
      String subject;
      if (rule.base().isEmpty()) {
        subject = relativePath;
      } else if (relativePath.startsWith(rule.base() + "/")) {
        subject = relativePath.substring(rule.base().length() + 1);
      } else {
        continue;
      }
      if (rule.pattern().matcher(subject).matches()) {
        ignored = !rule.negated();
      }
    }
    return ignored;
  }

  private static void loadInto(Path root, Path dir, List<Rule> rules) throws IOException {
    Path file = dir.resolve(".gitignore");
    if (!Files.isRegularFile(file)) {
      return;
    }
    String base = dir.equals(root) ? "" : WorkspacePaths.relative(root, dir);
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.stripTrailing();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negated = line.startsWith("!");
      if (negated) {
        line = line.substring(1);
      }
      boolean directoryOnly = line.endsWith("/");
      if (directoryOnly) {
        line = line.substring(0, line.length() - 1);
      }
      boolean anchored = line.contains("/");
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      String regex = globToRegex(line);
      if (!anchored) {
        regex = "(?:.*/)?" + regex;
      }
      rules.add(new Rule(base, Pattern.compile(regex), negated, directoryOnly));
    }
  }

  static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          regex.append(slashAfter ? "(?:.*/)?" : ".*");
          i += slashAfter ? 2 : 1;
        } else {
          regex.append("[^/]*");
        }
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
          regex.append("\\[");
        } else {
          String cls = glob.substring(i + 1, close).replace("\\", "\\\\");
          if (cls.startsWith("!")) {
            cls = "^" + cls.substring(1);
          }
          regex.append('[').append(cls).append(']');
          i = close;
        }
      } else if (c == '\\' && i + 1 < glob.length()) {
        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
