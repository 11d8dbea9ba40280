package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = RustAgentCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theDemoRunsOfflineAndSaysItIsScripted() {
    int code = run("run", "--demo", "--approve", "none", "change the greeting");

    assertThat(out.toString()).contains("[demo] scripted model").contains("> read_file");
    assertThat(code).isIn(RustAgentCli.EXIT_OK, RustAgentCli.EXIT_STOPPED);
  }

  @Test
  void jsonOutputIsTheAgentResult() throws Exception {
    run("run", "--demo", "--json", "--approve", "none", "change the greeting");

    String text = out.toString();
    JsonNode json = new ObjectMapper().readTree(text.substring(text.indexOf('{')));
    assertThat(json.get("task").asText()).isEqualTo("change the greeting");
    assertThat(json.get("status").asText()).isNotBlank();
    assertThat(json.get("steps").size()).isGreaterThan(0);
    assertThat(json.get("tokenUsage").get("total").asInt()).isPositive();
  }

  @Test
  void missingTaskIsAUsageError() {
    assertThat(run("run", "--demo")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'TASK'");
  }

  @Test
  void badApproveValueIsAUsageError() {
    assertThat(run("run", "--demo", "--approve", "maybe", "x")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(err.toString()).contains("--approve must be ask, all or none");
  }

  @Test
  void noProxyListeningSaysSoAndHowToGoOn() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    int code = run("run", "--llm-url", "http://127.0.0.1:" + port, "hello");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    assertThat(err.toString()).contains("No Claude proxy is listening at http://127.0.0.1:" + port).contains("--demo");
  }

  @Test
  void theDemoGoesOverHttpThroughTheFakeAnthropicServer() {
    int code = run("run", "--demo", "--approve", "none", "change the greeting");

    assertThat(out.toString()).contains("served over HTTP by a fake Anthropic server at http://127.0.0.1:")
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
    assertThat(err.toString()).contains("agent.toml").contains("[llm] modle");
  }
}
