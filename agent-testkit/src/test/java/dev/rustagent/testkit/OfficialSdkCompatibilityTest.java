package dev.rustagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the official TypeScript SDK ({@code @anthropic-ai/sdk}) against FakeAnthropicServer: what the
 * SDK parses out of the fake's answers is what the real API would give it. The SDK is installed by
 * {@code .ci/run} into a throwaway directory named by {@code ANTHROPIC_SDK_DIR}; without node or the
 * SDK the test is skipped on a developer machine and fails under {@code CI=true}.
 */
class OfficialSdkCompatibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMOJI_TEXT = "Ferris says hi \uD83E\uDD80 and bye \uD83E\uDD80";

  private static FakeAnthropicServer server;
  private static JsonNode seen;

  @BeforeAll
  static void runTheSdk() throws Exception {
    Path sdkDir = Path.of(System.getenv().getOrDefault("ANTHROPIC_SDK_DIR", "/tmp/rust-agent-anthropic-sdk"));
    boolean available = Files.isDirectory(sdkDir.resolve("node_modules/@anthropic-ai/sdk")) && nodeRuns();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(available).as("node and @anthropic-ai/sdk in " + sdkDir + " (installed by .ci/run)").isTrue();
    }
    assumeTrue(available, "node or @anthropic-ai/sdk missing in " + sdkDir + "; set ANTHROPIC_SDK_DIR");
    server = FakeAnthropicServer.start();
    server.models("claude-sonnet-4-6", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001");
    server.enqueue(
        FakeResponse.message().text("Use a slice.").toolUse("toolu_01", "cargo_check", "{\"package\":\"core\"}").build(),
        FakeResponse.message().text(EMOJI_TEXT).chunkSize(1).build(),
        FakeResponse.message().thinking("The borrow ends early.", "sig-123").text("Done").build(),
        FakeResponse.malformedEventMidStream(FakeResponse.message().text("Hello world, all of it").build(), 4),
        FakeResponse.rateLimited(Duration.ofSeconds(7)));
    Path script = Files.createTempFile("anthropic-sdk-check", ".cjs");
    try (InputStream in = OfficialSdkCompatibilityTest.class.getResourceAsStream("/anthropic-sdk-check.cjs")) {
      Files.write(script, in.readAllBytes());
    }
    Process node = new ProcessBuilder("node", script.toString(), sdkDir.toString(), server.baseUrl())
        .redirectErrorStream(false).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("node failed: " + err).isZero();
    seen = JSON.readTree(out);
    Files.deleteIfExists(script);
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSdkParsesAMessageWithTextAToolUseAndCacheAwareUsage() {
    JsonNode message = seen.path("create").path("ok");
    assertThat(message.path("model").asText()).isEqualTo("claude-sonnet-4-6");
    assertThat(message.path("id").asText()).startsWith("msg_");
    assertThat(message.path("content").get(1).path("input").path("package").asText()).isEqualTo("core");
    assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(message.path("usage").path("cache_read_input_tokens").isInt()).isTrue();
    assertThat(message.path("usage").path("service_tier").asText()).isEqualTo("standard");
  }

  @Test
  void theSdkStreamsEmojiIntactOneCodePointAtATime() {
    assertThat(seen.path("stream").path("ok").path("text").asText()).isEqualTo(EMOJI_TEXT);
    assertThat(seen.path("stream").path("ok").path("content").get(0).path("text").asText()).isEqualTo(EMOJI_TEXT);
  }

  @Test
  void theSdkAssemblesAThinkingBlockWithItsSignature() {
    JsonNode thinking = seen.path("thinking").path("ok").path("content").get(0);
    assertThat(thinking.path("type").asText()).isEqualTo("thinking");
    assertThat(thinking.path("thinking").asText()).isEqualTo("The borrow ends early.");
    assertThat(thinking.path("signature").asText()).isEqualTo("sig-123");
  }

  @Test
  void theSdkFailsAStreamWithAnEventThatIsNotJson() {
    assertThat(seen.path("malformed").has("error")).isTrue();
    assertThat(seen.path("malformed").has("ok")).isFalse();
  }

  @Test
  void theSdkSeesA429WithItsRequestIdAndErrorBody() {
    JsonNode error = seen.path("rateLimited").path("error");
    assertThat(error.path("status").asInt()).isEqualTo(429);
    assertThat(error.path("requestID").asText()).startsWith("req_");
    assertThat(error.path("body").path("error").path("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.path("body").path("request_id").asText()).isEqualTo(error.path("requestID").asText());
  }

  @Test
  void theSdkPagesModelsAndRetrievesOne() {
    assertThat(seen.path("models").path("ok").path("ids")).hasSize(2);
    assertThat(seen.path("models").path("ok").path("has_more").asBoolean()).isTrue();
    assertThat(seen.path("model").path("ok").asText()).isEqualTo("claude-haiku-4-5-20251001");
  }

  @Test
  void theSdkCountsTokens() {
    assertThat(seen.path("countTokens").path("ok").asInt()).isPositive();
  }
}
