package dev.rustagent.examples.cli;

import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline demos' parts: bundled crates copied to temporary directories, and scripted
 * conversations served by a loopback fake Anthropic server. The {@code run --demo} conversation looks
 * at the hello crate, changes its greeting (asking permission) and checks it with cargo.
 */
final class DemoWorkspace {
  private static final List<String> FILES = List.of("Cargo.toml", "src/main.rs");

  private DemoWorkspace() {}

  /** Copies the bundled hello crate of {@code run --demo} to a new temporary directory. */
  static Path create() {
    return copyCrate("hello-crate", "rust-agent-demo-");
  }

  /** Copies the bundled crate {@code /demo/NAME/} to a new temporary directory and returns it. */
  static Path copyCrate(String name, String prefix) {
    String resourceRoot = "/demo/" + name + "/";
    try {
      Path root = Files.createTempDirectory(prefix);
      for (String file : FILES) {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = DemoWorkspace.class.getResourceAsStream(resourceRoot + file)) {
          if (in == null) {
            throw new IllegalStateException("demo resource missing from the jar: " + resourceRoot + file);
          }
          Files.copy(in, target);
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo crate", e);
    }
  }

  /**
   * Starts a loopback fake Anthropic server that answers with {@code script} in order and then says
   * the script has ended, so a demo goes through {@code ClaudeProxy} and the same HTTP path as a real
   * proxy. Close it after the run.
   */
  static FakeAnthropicServer serve(FakeResponse... script) {
    FakeAnthropicServer server = FakeAnthropicServer.start();
    server.enqueue(script);
    server.respondWith(request -> FakeResponse.text("The demo script has ended."));
    return server;
  }

  /** The scripted server of {@code run --demo}. */
  static FakeAnthropicServer startScriptedServer() {
    return serve(
        FakeResponse.message().text("Let me look at the crate first.")
            .toolUse("toolu_demo_1", "list_files", "{\"path\":\".\"}").build(),
        FakeResponse.toolUse("toolu_demo_2", "read_file", "{\"path\":\"src/main.rs\"}"),
        FakeResponse.message().text("I will change the greeting; this modifies code, so I ask first.")
            .toolUse("toolu_demo_3", "edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"Hello, world!\","
                + "\"new_text\":\"Hello from the Rust agent!\"}").build(),
        FakeResponse.message().text("Now I check that the crate still compiles.")
            .toolUse("toolu_demo_4", "cargo", "{\"subcommand\":\"check\"}").build(),
        FakeResponse.text("Done. I read src/main.rs, changed the greeting (with your permission) and ran cargo check. "
            + "Refused steps, if any, are listed above; nothing was changed without approval."));
  }
}
