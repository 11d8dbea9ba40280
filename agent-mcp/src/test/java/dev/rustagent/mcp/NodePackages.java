package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the npm packages {@code .ci/run} installs (MCP reference servers) under the directory named
 * by the system property {@code rust-agent.npm.dir}. Missing packages skip a test on a developer
 * machine and fail it when {@code CI=true}.
 */
final class NodePackages {
  private NodePackages() {}

  static Path bin(String name) {
    Path dir = Path.of(System.getProperty("rust-agent.npm.dir",
        System.getProperty("user.home") + "/.cache/rust-agent-npm"));
    Path bin = dir.resolve("node_modules/.bin").resolve(name);
    boolean present = Files.isExecutable(bin) && node() != null;
    if (!present) {
      String message = bin + " is missing: run .ci/run (it installs the MCP npm packages into " + dir + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message);
    }
    return bin;
  }

  static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "node"))) {
        return Path.of(dir, "node").toString();
      }
    }
    return null;
  }

  /** Copies a test resource script to a file, so node can run it. */
  static Path script(String resource, Path dir) {
    bin("mcp-server-everything"); // node and the packages are there, or the test stops here
    try (InputStream in = NodePackages.class.getResourceAsStream("/mcp/" + resource)) {
      Path file = dir.resolve(resource);
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
