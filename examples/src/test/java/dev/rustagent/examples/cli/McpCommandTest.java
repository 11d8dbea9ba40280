package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.mcp.McpServerConfig;
import dev.rustagent.mcp.McpTools;
import dev.rustagent.testkit.internal.NpmPackages;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rust-agent mcp} against real MCP clients: the official TypeScript SDK, our own client, the conformance suite. */
class McpCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static Path npm(String name) {
    Optional<Path> found = NpmPackages.bin(name);
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(NpmPackages.missing(name));
      }
      assumeTrue(false, NpmPackages.missing(name));
    }
    return found.get();
  }

  /** A crate whose main moves a String and then borrows it: E0382 on line 4. */
  private Path brokenCrate() throws IOException {
    Path crate = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(crate.resolve("Cargo.toml"), """
        [package]
        name = "broken"
        version = "0.1.0"
        edition = "2021"
        """);
    Files.createDirectories(crate.resolve("src"));
    Files.writeString(crate.resolve("src/main.rs"), """
        fn main() {
            let s = String::from("hi");
            let t = s;
            println!("{} {}", s, t);
        }
        """);
    return crate;
  }

  /** Runs the TypeScript SDK client script against {@code rust-agent mcp} started as a child over stdio. */
  private JsonNode typescriptClient(String elicitation, Path workspace, String... serverArgs) throws Exception {
    npm("mcp-server-everything");
    Path script = dir.resolve("ts-client.cjs");
    try (InputStream in = getClass().getResourceAsStream("/mcp/ts-client.cjs")) {
      Files.copy(in, script);
    }
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(NpmPackages.node().orElseThrow().toString(), script.toString(),
        elicitation, java, classpath, workspace.toString()));
    command.addAll(List.of(serverArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("ts-client.err").toFile());
    builder.environment().put("NODE_PATH", NpmPackages.nodeModules().toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("ts-client.err"))).isZero();
    return JSON.readTree(out);
  }

  @Test
  void theTypeScriptSdkClientGetsE0382WithItsLineAndIsRefusedWhatNeedsApproval() throws Exception {
    JsonNode answer = typescriptClient("none", brokenCrate());

    assertThat(answer.at("/server/name").asText()).isEqualTo("rust-agent");
    List<String> names = new ArrayList<>();
    answer.get("tools").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).contains("cargo", "clippy", "rustc_explain", "read_file", "list_files", "grep", "git")
        .doesNotContain("write_file", "edit_file", "apply_patch", "shell");
    JsonNode check = answer.get("check");
    assertThat(check.get("isError").asBoolean()).isTrue();
    JsonNode diagnostic = check.at("/structuredContent/diagnostics/0");
    assertThat(diagnostic.get("code").asText()).isEqualTo("E0382");
    assertThat(diagnostic.at("/primarySpan/file").asText()).isEqualTo("src/main.rs");
    assertThat(diagnostic.at("/primarySpan/line").asInt()).isEqualTo(4);
    assertThat(check.at("/content/0/text").asText()).contains("error[E0382]: borrow of moved value");

    JsonNode build = answer.get("build");
    assertThat(build.get("isError").asBoolean()).isTrue();
    assertThat(build.at("/content/0/text").asText()).contains("cargo").contains("needs approval")
        .contains("does not support elicitation");
    assertThat(answer.get("questions")).isEmpty();
  }

  @Test
  void aClientWithElicitationIsAskedAndItsAnswerDecides() throws Exception {
    JsonNode answer = typescriptClient("accept,decline", brokenCrate());

    assertThat(answer.get("questions")).hasSize(2).allSatisfy(q -> assertThat(q.asText())
        .contains("rust-agent wants to run cargo").contains("\"subcommand\":\"build\""));
    assertThat(answer.at("/build/structuredContent/diagnostics/0/code").asText()).isEqualTo("E0382");
    assertThat(answer.at("/buildAgain/content/0/text").asText()).contains("the user did not approve cargo (decline)");
    assertThat(answer.at("/buildAgain/structuredContent").isMissingNode()).isTrue();
  }

  @Test
  void ourMcpClientUsesTheHttpTransportAndTheWriteToolsOnlyComeWithAllowWrite() throws Exception {
    Path crate = brokenCrate();
    try (McpToolServer readOnly = new McpToolServer(crate, false, ToolRegistry.discover(), Duration.ofMinutes(2));
        McpToolServer writable = new McpToolServer(crate, true, ToolRegistry.discover(), Duration.ofMinutes(2))) {
      int readOnlyPort = readOnly.serveHttp(0);
      int writablePort = writable.serveHttp(0);
      try (McpTools client = McpTools.builder()
          .server(McpServerConfig.builder("ro").url(URI.create("http://127.0.0.1:" + readOnlyPort + "/mcp")).build())
          .server(McpServerConfig.builder("rw").url(URI.create("http://localhost:" + writablePort + "/mcp")).build())
          .build()) {
        List<String> names = client.tools().stream().map(Tool::name).toList();
        assertThat(names).contains("ro__read_file", "rw__read_file", "rw__write_file")
            .doesNotContain("ro__write_file", "ro__edit_file");

        Tool read = client.tools().stream().filter(t -> t.name().equals("ro__read_file")).findFirst().orElseThrow();
        ToolResult content = read.execute(ToolArguments.parse("{\"path\":\"src/main.rs\"}"),
            ToolContext.builder(dir).build());
        assertThat(content.text()).contains("let t = s;");

        Tool write = client.tools().stream().filter(t -> t.name().equals("rw__write_file")).findFirst().orElseThrow();
        ToolResult refused = write.execute(ToolArguments.parse("{\"path\":\"new.rs\",\"content\":\"x\"}"),
            ToolContext.builder(dir).build());
        assertThat(refused.isError()).isTrue();
        assertThat(refused.text()).contains("needs approval").contains("does not support elicitation");
        assertThat(crate.resolve("new.rs")).doesNotExist();
      }
    }
  }

  @Test
  void theConformanceSuitePassesForThePartsTheServerImplements() throws Exception {
    Path conformance = npm("conformance");
    try (McpToolServer server = new McpToolServer(brokenCrate(), false, ToolRegistry.discover(), Duration.ofMinutes(2))) {
      int port = server.serveHttp(0);
      for (String scenario : List.of("server-initialize", "ping", "tools-list", "logging-set-level",
          "server-sse-multiple-streams", "dns-rebinding-protection")) {
        Path log = dir.resolve(scenario + ".log");
        Process process = new ProcessBuilder(conformance.toString(), "server", "--url",
            "http://127.0.0.1:" + port + "/mcp", "--scenario", scenario)
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(scenario).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(scenario + ":\n" + output).isZero();
        assertThat(output).as(scenario).containsPattern("Passed: (\\d+)/\\1, 0 failed");
      }
    }
  }

  @Test
  void onlyLocalhostHostsAndOriginsAreServed() throws Exception {
    McpToolServer.onlyLocalhost(Map.of("Host", List.of("127.0.0.1:3000"), "Origin", List.of("http://localhost:5173")));
    McpToolServer.onlyLocalhost(Map.of("host", List.of("[::1]:3000")));
    assertThatThrownBy(() -> McpToolServer.onlyLocalhost(Map.of("Host", List.of("evil.example:3000"))))
        .isInstanceOf(ServerTransportSecurityException.class).hasMessageContaining("localhost only");
    assertThatThrownBy(() -> McpToolServer.onlyLocalhost(Map.of("Host", List.of("localhost.evil.example"))))
        .isInstanceOf(ServerTransportSecurityException.class);
    assertThatThrownBy(() -> McpToolServer.onlyLocalhost(Map.of("Host", List.of("localhost:3000"),
        "Origin", List.of("https://evil.example")))).isInstanceOf(ServerTransportSecurityException.class);
  }

  @Test
  void runStartsTheConfiguredMcpServersAndNamesOneThatFails() throws Exception {
    Path everything = npm("mcp-server-everything");
    Path config = Files.writeString(dir.resolve("agent.toml"), """
        [mcp.servers.everything]
        command = "%s"

        [mcp.servers.ghost]
        command = "%s"
        timeout_seconds = 5
        """.formatted(everything, dir.resolve("no-such-server")));
    CapturedCli cli = new CapturedCli();

    int code = cli.execute("run", "--demo", "--approve", "none", "--config", config.toString(), "change the greeting");

    assertThat(code).isIn(RustAgentCli.EXIT_OK, RustAgentCli.EXIT_STOPPED);
    assertThat(cli.err()).contains("warning: MCP server 'ghost' failed to start").doesNotContain("'everything'");
    assertThat(cli.out()).contains("[demo] scripted model");
  }

  @Test
  void aBadMcpTableIsAUsageErrorNamingFileAndKey() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.toml"), "[mcp.servers.x]\ncommand = \"a\"\nurl = \"http://h/mcp\"\n");
    CapturedCli cli = new CapturedCli();

    assertThat(cli.execute("run", "--demo", "--config", config.toString(), "hello")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("agent.toml: [mcp.servers.x] has both command and url");
  }

  @Test
  void badCommandLinesAreUsageErrors() throws Exception {
    CapturedCli cli = new CapturedCli();
    assertThat(cli.execute("mcp", "--workspace", dir.resolve("missing").toString())).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(cli.err()).contains("is not a directory");
    assertThat(new CapturedCli().execute("mcp", "--workspace", dir.toString(), "--transport", "http", "--port", "70000"))
        .isEqualTo(RustAgentCli.EXIT_USAGE);
    CapturedCli stdioPort = new CapturedCli();
    assertThat(stdioPort.execute("mcp", "--workspace", dir.toString(), "--port", "3001")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(stdioPort.err()).contains("--port needs --transport http");
    CapturedCli transport = new CapturedCli();
    assertThat(transport.execute("mcp", "--transport", "carrier-pigeon")).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(transport.err()).contains("carrier-pigeon");
  }
}
