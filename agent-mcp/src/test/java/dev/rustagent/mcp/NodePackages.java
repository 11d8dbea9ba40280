package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rustagent.testkit.internal.NpmPackages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The npm packages of {@link NpmPackages}: missing ones skip a test, or fail it when {@code CI=true}. */
final class NodePackages {
  private NodePackages() {}

  static Path bin(String name) {
    return require(NpmPackages.bin(name), name);
  }

  static String node() {
    return require(NpmPackages.node(), "node").toString();
  }

  private static Path require(Optional<Path> found, String what) {
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(NpmPackages.missing(what));
      }
      assumeTrue(false, NpmPackages.missing(what));
    }
    return found.get();
  }

  /** Copies a test resource script to a file, so node can run it. */
  static Path script(String resource, Path dir) {
    node();
    try (InputStream in = NodePackages.class.getResourceAsStream("/mcp/" + resource)) {
      Path file = dir.resolve(resource);
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
