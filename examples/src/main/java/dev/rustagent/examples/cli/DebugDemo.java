package dev.rustagent.examples.cli;

import dev.rustagent.core.AgentConfig;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline {@code debug --demo}: a copy of a bundled crate with a borrow-check error (E0382, fixed
 * by cloning) and an unneeded {@code mut} (a MachineApplicable suggestion), and a scripted model,
 * served over HTTP by a local fake Anthropic server, that explains the error and proposes the fix.
 * cargo and rustc are real.
 */
final class DebugDemo {
  private static final String RESOURCE_ROOT = "/demo/broken-crate/";
  private static final List<String> FILES = List.of("Cargo.toml", "src/main.rs");

  /** The scripted model's answer: an explanation and a fix, in the format the workflow asks for. */
  static final String FIX = """
      {"explanation": "`total_len` takes its `Vec<String>` by value, so `words` is moved into the call and cannot \
      be used afterwards by `words.len()`. Passing a clone keeps the original usable (a `&[String]` parameter \
      would avoid the copy).",
       "path": "src/main.rs",
       "old_text": "let total = total_len(words);",
       "new_text": "let total = total_len(words.clone());"}""";

  private DebugDemo() {}

  /** Copies the broken crate to a new temporary directory and returns it. */
  static Path copyCrate() {
    try {
      Path root = Files.createTempDirectory("rust-agent-debug-demo-");
      for (String file : FILES) {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = DebugDemo.class.getResourceAsStream(RESOURCE_ROOT + file)) {
          if (in == null) {
            throw new IllegalStateException("demo resource missing from the jar: " + RESOURCE_ROOT + file);
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
   * Starts a loopback fake Anthropic server whose one scripted answer is the fix, so the demo goes
   * through {@code ClaudeProxy} and the same HTTP path as a real proxy. Close it after the run.
   */
  static FakeAnthropicServer startScriptedServer() {
    FakeAnthropicServer server = FakeAnthropicServer.start();
    server.enqueue(FakeResponse.text(FIX));
    server.respondWith(request -> FakeResponse.text("The demo script has ended."));
    return server;
  }

  /** {@code config} with its model endpoint pointed at the fake server (no key, no streaming). */
  static AgentConfig over(AgentConfig config, FakeAnthropicServer server) {
    AgentConfig.Llm llm = config.llm();
    return config.withLlm(new AgentConfig.Llm("anthropic", server.baseUrl(), llm.model(), llm.maxTokens(),
        llm.temperature(), false, "", llm.timeout(), java.time.Duration.ZERO));
  }
}
