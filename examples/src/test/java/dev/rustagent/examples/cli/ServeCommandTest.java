package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rust-agent serve}: one printed line with the link, a working server behind it, a clean stop. */
class ServeCommandTest {
  private static final Pattern LINK = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=([A-Za-z0-9_-]+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  @Test
  void serveDemoPrintsOneLinkLineAndAnswersOverHttp() throws Exception {
    CapturedCli cli = new CapturedCli();
    ServeCommand[] command = new ServeCommand[1];
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
        c -> command[0] = c.getSubcommands().get("serve").getCommand(), "serve", "--demo", "--port", "0",
        "--token", "test-token-0123456789"));
    Matcher link = awaitLink(cli);
    try {
      assertThat(cli.out().lines()).hasSize(1);
      assertThat(link.group(3)).isEqualTo("test-token-0123456789");
      URI base = URI.create(link.group(1));

      JsonNode answer = post(base.resolve("/api/v1/query"), "test-token-0123456789",
          "{\"prompt\":\"What does the crate print?\",\"read_only\":true}");

      assertThat(answer.path("status").asText()).isEqualTo("permission_denied");
      assertThat(answer.path("response").asText()).contains("(demo model) You asked: \"What does the crate print?\"")
          .contains("The change was not allowed");
      assertThat(http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString())
          .body()).contains("<title>Rust Agent</title>");
    } finally {
      command[0].stop();
    }
    assertThat(exit.get()).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void anUnreachableModelIsReportedAndNothingListens() throws Exception {
    CapturedCli cli = new CapturedCli();
    ServeCommand[] command = new ServeCommand[1];
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
        c -> command[0] = c.getSubcommands().get("serve").getCommand(), "serve", "--port", "0", "--no-memory",
        "--workspace", dataDir.toString(), "--data-dir", dataDir.toString(), "--llm-url", "http://127.0.0.1:9"));
    try {
      assertThat(exit.get()).isEqualTo(RustAgentCli.EXIT_FAILED);
      assertThat(cli.err()).isNotBlank();
      assertThat(cli.out()).doesNotContain("listening on");
    } finally {
      if (command[0] != null) {
        command[0].stop();
      }
    }
  }

  @Test
  void theTokenComesFromRustAgentServerTokenWhenNoFlagIsGiven() throws Exception {
    // The environment variable is read by the real process: a child JVM with it set.
    String token = "env-token-0123456789abcdef";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, RustAgentCli.class.getName(), "serve", "--demo",
        "--port", "0").redirectError(dataDir.resolve("serve.err").toFile());
    builder.environment().put(ServeCommand.TOKEN_VARIABLE, token);
    Process process = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("stderr: %s", Files.readString(dataDir.resolve("serve.err"))).isNotNull();
      Matcher link = LINK.matcher(line);
      assertThat(link.find()).as(line).isTrue();
      URI base = URI.create(link.group(1));

      assertThat(link.group(3)).isEqualTo(token);
      assertThat(status(base.resolve("/api/v1/health"), token)).isEqualTo(200);
      assertThat(status(base.resolve("/api/v1/health"), "another-token-0123456789")).isEqualTo(401);
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aMalformedTokenIsAUsageError() {
    CapturedCli cli = new CapturedCli();

    int exit = cli.execute("serve", "--demo", "--port", "0", "--token", "bad token");

    assertThat(exit).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--token");
  }

  private int status(URI uri, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private JsonNode post(URI uri, String token, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  private static Matcher awaitLink(CapturedCli cli) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Matcher m = LINK.matcher(cli.out());
      if (m.find()) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no link printed within 60 s; out: " + cli.out() + " err: " + cli.err());
  }
}
