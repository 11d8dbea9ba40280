package dev.rustagent.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.testkit.ScriptedChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline demo: a copy of a small bundled crate in a temporary directory, and a scripted model
 * that looks at it, changes its greeting (asking permission) and checks it with cargo.
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

  /** The scripted conversation of the demo. */
  static ChatModel scriptedModel() {
    ScriptedChatModel.Builder script = ScriptedChatModel.builder();
    return script
        .thenTextAndToolCalls("Let me look at the crate first.", script.call("list_files", "{\"path\":\".\"}"))
        .thenToolCall("read_file", "{\"path\":\"src/main.rs\"}")
        .thenTextAndToolCalls("I will change the greeting; this modifies code, so I ask first.",
            script.call("edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"Hello, world!\","
                + "\"new_text\":\"Hello from the Rust agent!\"}"))
        .thenTextAndToolCalls("Now I check that the crate still compiles.",
            script.call("cargo", "{\"subcommand\":\"check\"}"))
        .thenText("Done. I read src/main.rs, changed the greeting (with your permission) and ran cargo check. "
            + "Refused steps, if any, are listed above; nothing was changed without approval.")
        .build();
  }
}
