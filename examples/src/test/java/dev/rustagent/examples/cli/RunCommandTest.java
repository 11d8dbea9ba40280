package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  private final CapturedCli cli = new CapturedCli();

  private int run(String... args) {
    return cli.execute(args);
  }

  @Test
  void theDemoRunsOfflineAndSaysItIsScripted() {
    int code = run("run", "--demo", "--approve", "none", "change the greeting");

    assertThat(cli.out()).contains("[demo] scripted model").contains("> read_file");
    assertThat(code).isIn(RustAgentCli.EXIT_OK, RustAgentCli.EXIT_STOPPED);
  }

  @Test
  void jsonOutputIsTheAgentResult() throws Exception {
    run("run", "--demo", "--json", "--approve", "none", "change the greeting");

    String text = cli.out();
    JsonNode json = new ObjectMapper().readTree(text.substring(text.indexOf('{')));
    assertThat(json.get("task").asText()).isEqualTo("change the greeting");
    assertThat(json.get("status").asText()).isNotBlank();
    assertThat(json.get("steps").size()).isGreaterThan(0);
    assertThat(json.get("tokenUsage").get("total").asInt()).isPositive();
  }

  @Test
  void missingTaskIsAUsageError() {
    assertThat(run("run", "--demo")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("Missing required parameter: 'TASK'");
  }

  @Test
  void badApproveValueIsAUsageError() {
    assertThat(run("run", "--demo", "--approve", "maybe", "x")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--approve").contains("expected one of [ASK, ALL, NONE] (case-insensitive)").contains("maybe");
  }

  @Test
  void noProxyListeningSaysSoAndHowToGoOn() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    int code = run("run", "--llm-url", "http://127.0.0.1:" + port, "hello");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(cli.err()).contains("No Claude proxy is listening at http://127.0.0.1:" + port).contains("--demo");
  }

  @Test
  void theDemoGoesOverHttpThroughTheFakeAnthropicServer() {
    int code = run("run", "--demo", "--approve", "none", "change the greeting");

    assertThat(cli.out()).contains("served over HTTP by a fake Anthropic server at http://127.0.0.1:")
        .contains("> list_files").contains("> read_file");
    assertThat(code).isIn(RustAgentCli.EXIT_OK, RustAgentCli.EXIT_STOPPED);
  }

  @Test
  void aConfigFileWithAnUnknownKeyIsAUsageErrorNamingFileAndKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path config = dir.resolve("agent.toml");
    java.nio.file.Files.writeString(config, "[llm]\nmodle = \"claude-sonnet-4-6\"\n");

    int code = run("run", "--demo", "--config", config.toString(), "hello");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("agent.toml").contains("[llm] modle");
  }

  @Test
  void anAbsurdTimeoutIsAUsageErrorNotAnOverflow() {
    assertThat(run("run", "--demo", "--timeout", "99999999999999999999", "x")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(run("run", "--demo", "--timeout", "9223372036854775807", "x")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("--timeout must be between 1 and 604800").doesNotContain("overflow");
  }

  @Test
  void anAbsurdRunTimeoutInTheConfigIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path config = dir.resolve("agent.toml");
    java.nio.file.Files.writeString(config, "[llm]\nrun_timeout_seconds = 9223372036854775807\n");

    assertThat(run("run", "--demo", "--config", config.toString(), "hello")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("run_timeout_seconds");
  }

  @Test
  void everyStatusShortOfACompleteAnswerExitsStopped() {
    for (dev.rustagent.core.AgentResult.AgentStatus status : dev.rustagent.core.AgentResult.AgentStatus.values()) {
      int expected = switch (status) {
        case COMPLETED -> RustAgentCli.EXIT_OK;
        case FAILED -> RustAgentCli.EXIT_FAILED;
        default -> RustAgentCli.EXIT_STOPPED;
      };
      assertThat(RunCommand.exitCode(status)).as(status.name()).isEqualTo(expected);
    }
  }

  @Test
  void anAnswerCutOffAtMaxTokensIsReportedTruncatedWithExitThree() {
    try (dev.rustagent.testkit.FakeAnthropicServer server = dev.rustagent.testkit.FakeAnthropicServer.start()) {
      server.enqueue(dev.rustagent.testkit.FakeResponse.message().text("The fix is to").stopReason("max_tokens")
          .build());

      int code = run("run", "--llm-url", server.baseUrl(), "--no-memory", "--approve", "none", "fix it");

      assertThat(code).isEqualTo(RustAgentCli.EXIT_STOPPED);
      assertThat(cli.out()).contains("[TRUNCATED]").contains("cache read");
    }
  }
}
