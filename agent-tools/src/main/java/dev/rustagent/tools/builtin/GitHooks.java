package dev.rustagent.tools.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the git hooks a writing git call would run: executable files in the hooks directory. */
final class GitHooks {
  private static final Pattern HOOKS_PATH = Pattern.compile("(?im)^\\s*hookspath\\s*=\\s*(.+?)\\s*$");

  private GitHooks() {}

  /** The installed hooks ({@code .git/hooks} or {@code core.hooksPath}), as paths; samples left out. */
  static List<String> installed(Path root) {
    Path gitDir = root.resolve(".git");
    Path hooks = gitDir.resolve("hooks");
    try {
      if (Files.isRegularFile(gitDir.resolve("config"))) {
        Matcher m = HOOKS_PATH.matcher(Files.readString(gitDir.resolve("config")));
        if (m.find()) {
          String configured = m.group(1).replace("\"", "");
          hooks = root.resolve(configured.startsWith("~/")
              ? System.getProperty("user.home") + configured.substring(1) : configured);
        }
      }
    } catch (IOException e) {
      return List.of("(the git configuration cannot be read: " + e.getMessage() + ")");
    }
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(hooks)) {
      return found;
    }
    try (Stream<Path> files = Files.list(hooks)) {
      files.filter(f -> !f.getFileName().toString().endsWith(".sample"))
          .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
          .sorted()
          .forEach(f -> found.add(f.startsWith(root) ? root.relativize(f).toString() : f.toString()));
    } catch (IOException e) {
      found.add("(the hooks directory " + hooks + " cannot be listed: " + e.getMessage() + ")");
    }
    return found;
  }
}
