package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000's configuration file runs the CLI as it is written, with its dated parts carried forward. */
class SeedConfigTest {

  @TempDir
  Path dir;

  @Test
  void seed000sConfigRunsAgainstAnthropicWithTheRetiredModelsSuccessorAndSaysSo() throws Exception {
    Path seed = Path.of(SeedConfigTest.class.getResource("/seed/000-config.toml").toURI());
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      server.respondWith(request -> FakeResponse.text("Hello from the successor."));
      Map<String, String> env = new HashMap<>();
      for (String name : List.of("RUST_AGENT_LLM_MODEL", "RUST_AGENT_MODEL", "RUST_AGENT_LLM_PROVIDER",
          "RUST_AGENT_LLM_API_ENDPOINT", "RUST_AGENT_LLM_URL", "ANTHROPIC_API_KEY")) {
        env.put(name, null);
      }
      env.put("HOME", dir.toString());

      CliProcess.Result result = CliProcess.run(env, List.of(), "run", "--config", seed.toString(),
          "--llm-url", server.baseUrl(), "--no-memory", "--no-art", "--approve", "none", "--workspace",
          dir.toString(), "say hello");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).contains("Hello from the successor.");
      assertThat(result.err()).contains("model claude-sonnet-4.5 is retired; using its successor claude-sonnet-4-6");
      assertThat(server.messageRequests()).isNotEmpty().allSatisfy(request ->
          assertThat(request.json().path("model").asText()).isEqualTo("claude-sonnet-4-6"));
    }
  }
}
