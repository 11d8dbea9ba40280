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
 * The offline demo: a copy of a small bundled crate in a temporary directory, and a scripted
 * conversation, served by a loopback fake Anthropic server, that looks at the crate, changes its
 * greeting (asking permission) and checks it with cargo.
 */
final class DemoWorkspace {
  private static final String RESOURCE_ROOT = "/demo/hello-crate/";
  private static final List<String> FILES = List.of("Cargo.toml", "src/main.rs");

  private final Path root;

  private DemoWorkspace(Path root) {
    this.root = root;
  }

  static DemoWorkspace create() {
    try {
      Path root = Files.createTempDirectory("rust-agent-demo-");
      for (String file : FILES) {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = DemoWorkspace.class.getResourceAsStream(RESOURCE_ROOT + file)) {
          if (in == null) {
            throw new IllegalStateException("demo resource missing from the jar: " + RESOURCE_ROOT + file);
          }
          Files.copy(in, target);
        }
      }
      return new DemoWorkspace(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo workspace", e);
    }
  }

  Path root() {
    return root;
  }

  /**
   * Starts a loopback fake Anthropic server that plays the demo's scripted conversation, so the demo
   * goes through {@code ClaudeProxy} and the same HTTP path as a real proxy. Close it after the run.
   */
  static FakeAnthropicServer startScriptedServer() {
    FakeAnthropicServer server = FakeAnthropicServer.start();
    server.enqueue(
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
    server.respondWith(request -> FakeResponse.text("The demo script has ended."));
    return server;
  }
}
