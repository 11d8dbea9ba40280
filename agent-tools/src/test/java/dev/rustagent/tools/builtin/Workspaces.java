package dev.rustagent.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds real crates and repositories for the tool tests, and runs tools through a registry. */
final class Workspaces {
  private Workspaces() {}

  /** Writes a binary crate with no dependencies. */
  static Path crate(Path dir, String name, String mainRs) throws IOException {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("Cargo.toml"), """
        [package]
        name = "%s"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        """.formatted(name));
    Files.writeString(dir.resolve("src/main.rs"), mainRs);
    return dir;
  }

  /** The environment of the tools with a shared cargo target directory. */
  static Map<String, String> environment(Path targetDir) {
    Map<String, String> env = new HashMap<>(Programs.environmentWithCargoBin());
    env.put("CARGO_TARGET_DIR", targetDir.toString());
    return env;
  }

  static ToolContext context(Path workspace) {
    return ToolContext.builder(workspace).timeout(Duration.ofSeconds(90)).build();
  }

  /** Validates the JSON arguments against the tool's schema, as the agent does, then runs the call. */
  static ToolResult call(ToolRegistry registry, String tool, String json, ToolContext context) throws Exception {
    ToolArguments arguments = registry.parseArguments(tool, json);
    return registry.find(tool).orElseThrow().execute(arguments, context);
  }

  static ToolArguments args(ToolRegistry registry, String tool, String json) {
    return registry.parseArguments(tool, json);
  }

  /** Runs a program in a directory and insists it succeeds (for test setup only). */
  static String exec(Path dir, String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(argv)).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(argv), out).isZero();
    return out;
  }

  /** A git repository with one committed file and a local identity. */
  static Path gitRepo(Path dir) throws IOException, InterruptedException {
    exec(dir, "git", "init", "-q", "-b", "main");
    exec(dir, "git", "config", "user.email", "agent@example.invalid");
    exec(dir, "git", "config", "user.name", "Test Agent");
    exec(dir, "git", "config", "commit.gpgsign", "false");
    Files.writeString(dir.resolve("README.md"), "hello\n");
    exec(dir, "git", "add", "README.md");
    exec(dir, "git", "commit", "-q", "-m", "initial");
    return dir;
  }

  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
