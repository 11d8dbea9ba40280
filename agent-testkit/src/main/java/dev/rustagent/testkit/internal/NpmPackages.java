package dev.rustagent.testkit.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds Node and the npm packages that {@code .ci/run} installs into a throwaway directory (the MCP
 * reference servers, the official TypeScript SDK, the conformance suite): the system property
 * {@code rust-agent.npm.dir}, else the environment variable {@code RUST_AGENT_NPM_DIR}, else
 * {@code ~/.cache/rust-agent-npm}.
 */
public final class NpmPackages {
  private NpmPackages() {}

  /** The directory holding {@code node_modules}. */
  public static Path directory() {
    String configured = System.getProperty("rust-agent.npm.dir", System.getenv("RUST_AGENT_NPM_DIR"));
    return configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "rust-agent-npm");
  }

  /** {@code node_modules} of {@link #directory()}. */
  public static Path nodeModules() {
    return directory().resolve("node_modules");
  }

  /** An installed package's executable in {@code node_modules/.bin}, when it and node are there. */
  public static Optional<Path> bin(String name) {
    Path bin = nodeModules().resolve(".bin").resolve(name);
    return Files.isExecutable(bin) && node().isPresent() ? Optional.of(bin) : Optional.empty();
  }

  /** The {@code node} program on the {@code PATH}. */
  public static Optional<Path> node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
        return Optional.of(Path.of(dir, "node"));
      }
    }
    return Optional.empty();
  }

  /** Says what is missing and how to install it. */
  public static String missing(String what) {
    return what + " is not installed under " + directory()
        + ": run .ci/run (it installs the npm packages the tests use there)";
  }
}
