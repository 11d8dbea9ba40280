package dev.rustagent.tools.spi.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds programs on the {@code PATH} and in {@code ~/.cargo/bin}, where rustup installs the toolchain. */
public final class Programs {
  private Programs() {}

  /** The directories searched for a program named without a path. */
  public static List<Path> searchPath() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        // a relative entry ("." or "bin") would find files of the workspace the tools run in
        if (!dir.isBlank() && Path.of(dir).isAbsolute()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    String cargoHome = System.getenv("CARGO_HOME");
    dirs.add(cargoHome != null ? Path.of(cargoHome, "bin") : Path.of(System.getProperty("user.home"), ".cargo", "bin"));
    return dirs;
  }

  /**
   * Resolves a program: a name containing a path separator is taken as a path; a bare name is looked
   * up in {@link #searchPath()}. Empty when no executable file is found.
   */
  public static Optional<Path> find(String program) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    for (Path dir : searchPath()) {
      Path candidate = dir.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The environment of this JVM with {@code ~/.cargo/bin} added to {@code PATH}. */
  public static java.util.Map<String, String> environmentWithCargoBin() {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    String cargoBin = searchPath().get(searchPath().size() - 1).toString();
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    if (!List.of(path.split(File.pathSeparator)).contains(cargoBin)) {
      env.put("PATH", path + File.pathSeparator + cargoBin);
    }
    return env;
  }
}
