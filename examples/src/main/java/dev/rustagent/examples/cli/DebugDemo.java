package dev.rustagent.examples.cli;

import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.nio.file.Path;

/**
 * The offline {@code debug --demo}: a copy of a bundled crate with a borrow-check error (E0382, fixed
 * by cloning) and an unneeded {@code mut} (a MachineApplicable suggestion), and a scripted model,
 * served over HTTP by a local fake Anthropic server, that explains the error and proposes the fix.
 * cargo and rustc are real.
 */
final class DebugDemo {
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
    return DemoWorkspace.copyCrate("broken-crate", "rust-agent-debug-demo-");
  }

  /**
   * Starts a loopback fake Anthropic server whose one scripted answer is the fix, so the demo goes
   * through {@code ClaudeProxy} and the same HTTP path as a real proxy. Close it after the run.
   */
  static FakeAnthropicServer startScriptedServer() {
    return DemoWorkspace.serve(FakeResponse.text(FIX));
  }
}
