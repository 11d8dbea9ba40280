package dev.rustagent.tools.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files whose change runs code later, so that no policy may let a tool write them without a
 * human's explicit approval: anything under {@code .git/} (configuration such as
 * {@code core.fsmonitor}, hooks), build scripts ({@code build.rs} and the script a manifest names with
 * {@code build = "..."}), cargo's configuration ({@code .cargo/}), the toolchain file, and the build
 * settings of a {@code Cargo.toml} ({@code build}, {@code links}, {@code proc-macro},
 * {@code [build-dependencies]}, dependencies from a {@code path} or {@code git}, {@code [patch]},
 * {@code [replace]}). The check follows symbolic links, so a link in the workspace to
 * {@code .git/config} is protected too.
 *
 * <p>Internal: not public API.
 */
public final class ProtectedPaths {
  private static final Set<String> BUILD_KEYS = Set.of("build", "links", "proc-macro", "proc_macro", "path", "git",
      "rustc-wrapper", "linker", "runner");
  private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
  private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*=(.*)$");
  private static final Pattern BUILD_SCRIPT = Pattern.compile("(?m)^\\s*build\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern INLINE_SOURCE = Pattern.compile("\\b(path|git|registry-index)\\s*=");

  private ProtectedPaths() {}

  /**
   * The risk of writing {@code file}, or empty when it is an ordinary file.
   *
   * @param root the workspace root
   * @param file the file to be written, inside the root
   * @param before its content now, or {@code null} when it does not exist or is not known
   * @param after its content after the write, or {@code null} when it is deleted or not known
   */
  public static Optional<String> risk(Path root, Path file, String before, String after) {
    for (Path candidate : candidates(root, file)) {
      Optional<String> risk = riskOf(root, candidate, before, after);
      if (risk.isPresent()) {
        return risk;
      }
    }
    return Optional.empty();
  }

  private static Set<Path> candidates(Path root, Path file) {
    Set<Path> candidates = new LinkedHashSet<>();
    Path normal = root.resolve(file).normalize();
    candidates.add(normal);
    try {
      Path realRoot = root.toRealPath();
      Path existing = normal;
      java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        missing.push(existing.getFileName());
        existing = existing.getParent();
      }
      if (existing != null) {
        Path real = existing.toRealPath();
        while (!missing.isEmpty()) {
          real = real.resolve(missing.pop());
        }
        real = real.normalize();
        if (real.startsWith(realRoot)) {
          candidates.add(root.resolve(realRoot.relativize(real)).normalize());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the guard of the tool refuses paths it cannot resolve; nothing more to protect here
    }
    return candidates;
  }

  private static Optional<String> riskOf(Path root, Path file, String before, String after) {
    Path relative = root.relativize(file);
    for (Path part : relative) {
      String name = part.toString().toLowerCase(Locale.ROOT);
      if (name.equals(".git")) {
        return Optional.of("writes " + relative + " inside .git/: git's configuration and hooks run programs "
            + "on later git commands");
      }
      if (name.equals(".cargo")) {
        return Optional.of("writes " + relative + ", cargo's configuration: it can set the linker, rustc "
            + "wrappers and runners that cargo starts");
      }
    }
    String name = relative.getFileName() == null ? "" : relative.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.equals("build.rs") || isDeclaredBuildScript(root, file)) {
      return Optional.of("writes " + relative + ", a build script: cargo runs it on the next build, check or test");
    }
    if (name.equals("rust-toolchain") || name.equals("rust-toolchain.toml")) {
      return Optional.of("writes " + relative + ", which chooses the toolchain programs cargo runs");
    }
    if (name.equals("cargo.toml") && !buildSettings(before).equals(buildSettings(after))) {
      return Optional.of("changes the build settings of " + relative + " (build script, links, proc-macro, "
          + "build-dependencies or dependencies from a path or git): they decide what code runs at build time");
    }
    return Optional.empty();
  }

  private static boolean isDeclaredBuildScript(Path root, Path file) {
    Path dir = file.getParent();
    while (dir != null && dir.startsWith(root)) {
      Path manifest = dir.resolve("Cargo.toml");
      if (Files.isRegularFile(manifest)) {
        try {
          Matcher m = BUILD_SCRIPT.matcher(Files.readString(manifest));
          while (m.find()) {
            if (dir.resolve(m.group(1)).normalize().equals(file.normalize())) {
              return true;
            }
          }
        } catch (IOException | RuntimeException e) {
          return true; // a manifest that cannot be read: assume the worst
        }
      }
      dir = dir.getParent();
    }
    return false;
  }

  /** The lines of a manifest that decide what runs at build time, normalised, with their section. */
  static Set<String> buildSettings(String manifest) {
    Set<String> settings = new LinkedHashSet<>();
    if (manifest == null) {
      return settings;
    }
    String section = "";
    for (String raw : manifest.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher s = SECTION.matcher(line);
      if (s.matches()) {
        section = s.group(1).replace(" ", "").replace("\"", "").toLowerCase(Locale.ROOT);
        if (risky(section)) {
          settings.add("[" + section + "]");
        }
        continue;
      }
      String compact = line.replaceAll("\\s+", "");
      Matcher k = KEY.matcher(line);
      String key = k.matches() ? k.group(1).toLowerCase(Locale.ROOT) : "";
      if (risky(section) || BUILD_KEYS.contains(key) || INLINE_SOURCE.matcher(line).find()) {
        settings.add(section + ":" + compact);
      }
    }
    return settings;
  }

  private static boolean risky(String section) {
    return section.contains("build-dependencies") || section.contains("build_dependencies")
        || section.startsWith("patch") || section.equals("replace") || section.equals("workspace")
        || section.contains("target") && section.contains("build");
  }
}
