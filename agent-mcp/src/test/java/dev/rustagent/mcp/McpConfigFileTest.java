package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.mcp.McpServerConfig.McpConfigException;

class McpConfigFileTest {

  @Test
  void readsStdioAndHttpServersWithTheirSettings() {
    McpConfigFile.Parsed parsed = McpConfigFile.parse("""
        [llm]
        model = "ignored here"

        [mcp]
        startup = "lazy"

        [mcp.servers.files]
        command = "npx"
        args = ["-y", "@modelcontextprotocol/server-filesystem", "/work"]
        env = { FS_TOKEN = "t0k" }
        timeout_seconds = 20
        read_only_tools = ["read_text_file", "list_directory"]

        [mcp.servers.remote]
        url = "http://127.0.0.1:3001/mcp"
        """, "agent.toml");

    assertThat(parsed.startup()).isEqualTo(McpTools.Startup.LAZY);
    assertThat(parsed.servers()).hasSize(2);
    McpServerConfig files = parsed.servers().get(0);
    assertThat(files.name()).isEqualTo("files");
    assertThat(files.command()).contains("npx");
    assertThat(files.args()).containsExactly("-y", "@modelcontextprotocol/server-filesystem", "/work");
    assertThat(files.env()).containsEntry("FS_TOKEN", "t0k");
    assertThat(files.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(files.readOnlyTools()).containsExactly("read_text_file", "list_directory");
    assertThat(parsed.servers().get(1).url()).contains(URI.create("http://127.0.0.1:3001/mcp"));
  }

  @Test
  void everyProblemIsReportedWithFileAndKey() {
    assertThatThrownBy(() -> McpConfigFile.parse("""
        [mcp]
        startup = "sometimes"
        colour = "red"

        [mcp.servers.both]
        command = "x"
        url = "http://localhost/mcp"

        [mcp.servers.neither]
        timeout_seconds = 5

        [mcp.servers.typed]
        command = 42
        args = "not a list"
        timeout_seconds = -1
        read_only_tools = [1, 2]
        env = { A = 1 }
        shell = true

        [mcp.servers."bad name!"]
        command = "x"

        [mcp.servers.badurl]
        url = "ftp://example.org/mcp"
        """, "agent.toml"))
        .isInstanceOfSatisfying(McpConfigException.class, e -> assertThat(e.problems()).satisfies(problems -> {
          assertThat(String.join("\n", problems))
              .contains("agent.toml: [mcp] startup must be \"lazy\" or \"eager\"")
              .contains("agent.toml: [mcp] colour is not a known key")
              .contains("[mcp.servers.both] has both command and url")
              .contains("[mcp.servers.neither] needs command (a stdio server) or url")
              .contains("[mcp.servers.typed] command must be a string")
              .contains("[mcp.servers.typed] args must be an array of strings")
              .contains("[mcp.servers.typed] timeout_seconds must be a positive integer")
              .contains("[mcp.servers.typed] read_only_tools must hold only strings")
              .contains("[mcp.servers.typed] env.A must be a string")
              .contains("[mcp.servers.typed] shell is not a known key")
              .contains("[mcp.servers.bad name!]: MCP server name 'bad name!' must be 1 to 32 letters")
              .contains("[mcp.servers.badurl]: MCP server 'badurl': url must be an http(s) URL");
        }));
  }

  @Test
  void notValidTomlNamesTheFile() {
    assertThatThrownBy(() -> McpConfigFile.parse("[mcp\nstartup=", "agent.toml"))
        .isInstanceOf(McpConfigException.class).hasMessageStartingWith("agent.toml: not valid TOML");
  }

  @Test
  void aFileWithoutMcpTableHasNoServers() {
    assertThat(McpConfigFile.parse("[llm]\nmodel = \"m\"\n", "agent.toml").servers()).isEmpty();
  }

  @Test
  void builderRefusesBadArgumentsAtOnce() {
    assertThatThrownBy(() -> McpServerConfig.builder("a__b")).hasMessageContaining("letters, digits or hyphens");
    assertThatThrownBy(() -> McpServerConfig.builder("x".repeat(33))).hasMessageContaining("1 to 32");
    assertThatThrownBy(() -> McpServerConfig.builder("s").timeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> McpServerConfig.builder("s").env("NOT-A-NAME", "v"))
        .hasMessageContaining("not an environment variable name");
    assertThatThrownBy(() -> McpServerConfig.builder("s").build()).hasMessageContaining("needs a command");
    assertThatThrownBy(() -> McpServerConfig.builder("s").command("x").url(URI.create("http://h/mcp")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> McpTools.builder().server(McpServerConfig.builder("s").command("x").build())
        .servers(List.of(McpServerConfig.builder("s").command("y").build())))
        .hasMessageContaining("already configured");
  }

  @Test
  void toStringShowsEnvironmentNamesButNotValues() {
    McpServerConfig config = McpServerConfig.builder("s").command("x").env("API_TOKEN", "secret-value").build();
    assertThat(config.toString()).contains("API_TOKEN").doesNotContain("secret-value");
  }
}
