package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 §1 through the real CLI: cargo that checked nothing is never "clean". */
class DebugFailureTest {
  private final CapturedCli cli = new CapturedCli();
  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void malformedManifestPrintsCargosErrorAndExitsOne(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("Cargo.toml"), "[package\nname = \"broken\"\n");
    Files.writeString(dir.resolve("src/main.rs"), "fn main() {}\n");

    int code = cli.execute("debug", "--llm-url", proxy.baseUrl(), "--data-dir", dir.resolve("data").toString(),
        "--workspace", dir.toString(), "--approve", "none", "--no-memory");

    String all = cli.out() + cli.err();
    assertThat(code).as(all).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(all).contains("Cargo.toml").doesNotContain("cargo check is clean");
    assertThat(proxy.messageRequests()).isEmpty();
  }
}
