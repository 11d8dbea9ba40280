package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input from servers: garbage, malformed schemas, huge results, timeouts, list changes, crashes. */
class MisbehavingServerTest {
  @TempDir Path dir;
  private McpTools mcp;

  @AfterEach
  void stop() {
    if (mcp != null) {
      mcp.close();
    }
  }

  private McpTools start(String mode, Duration timeout, McpServerConfig... others) {
    Path script = NodePackages.script("misbehaving-server.mjs", dir);
    McpTools.Builder builder = McpTools.builder().server(McpServerConfig.builder("bad")
        .command(NodePackages.node(), script.toString(), mode).timeout(timeout).build());
    for (McpServerConfig other : others) {
      builder.server(other);
    }
    mcp = builder.build();
    mcp.start();
    return mcp;
  }

  private Tool tool(String name) {
    return mcp.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError(name + " not among " + mcp.tools().stream().map(Tool::name).toList()));
  }

  private ToolResult call(String name, String arguments, Duration timeout) throws Exception {
    return tool(name).execute(ToolArguments.parse(arguments),
        ToolContext.builder(dir).timeout(timeout).outputCap(2_000).build());
  }

  @Test
  void aServerThatSendsGarbageIsReportedByNameAndTheOtherServersStillWork() {
    Path everything = NodePackages.bin("mcp-server-everything");
    start("garbage", Duration.ofSeconds(5),
        McpServerConfig.builder("everything").command(everything.toString()).build());

    assertThat(mcp.failures()).containsOnlyKeys("bad");
    assertThat(mcp.failures().get("bad")).contains("MCP server 'bad' failed to start");
    assertThat(mcp.tools()).extracting(Tool::name).contains("everything__echo")
        .noneMatch(name -> name.startsWith("bad__"));
  }

  @Test
  void aProgramThatDoesNotExistIsReportedByName() {
    mcp = McpTools.builder().server(McpServerConfig.builder("ghost")
        .command(dir.resolve("no-such-program").toString()).timeout(Duration.ofSeconds(5)).build()).build();

    assertThat(mcp.tools()).isEmpty();
    assertThat(mcp.failures()).containsOnlyKeys("ghost");
    assertThat(mcp.failures().get("ghost")).contains("MCP server 'ghost' failed to start");
  }

  @Test
  void aLazyServerStartsOnlyWhenItsToolsAreFirstNeeded() {
    Path script = NodePackages.script("misbehaving-server.mjs", dir);
    mcp = McpTools.builder().startup(McpTools.Startup.LAZY)
        .server(McpServerConfig.builder("bad").command(NodePackages.node(), script.toString(), "tools").build())
        .server(McpServerConfig.builder("ghost").command(dir.resolve("none").toString()).build())
        .build();

    mcp.start();
    assertThat(mcp.failures()).isEmpty();

    assertThat(mcp.tools()).extracting(Tool::name).contains("bad__good");
    assertThat(mcp.failures()).containsKey("ghost");
  }

  @Test
  void toolsWithMalformedSchemasAreLeftOutAndReported() {
    start("tools", Duration.ofSeconds(30));

    assertThat(mcp.tools()).extracting(Tool::name).contains("bad__good")
        .doesNotContain("bad__string_schema", "bad__bad_properties");
    assertThat(mcp.failures().get("bad"))
        .contains("tool 'string_schema' left out: inputSchema must have type \"object\"")
        .contains("tool 'bad_properties' left out: inputSchema.properties must be a JSON object");
  }

  @Test
  void aToolNameWithCharactersAgentToolsCannotHaveIsRewrittenAndStillCallable() throws Exception {
    start("tools", Duration.ofSeconds(30));

    assertThat(call("bad__with_dots_and_spaces", "{}", Duration.ofSeconds(30)).text()).isEqualTo("odd name ok");
  }

  @Test
  void aHugeResultIsCappedLikeOtherToolOutput() throws Exception {
    start("tools", Duration.ofSeconds(30));

    ToolResult result = call("bad__huge", "{}", Duration.ofSeconds(30));

    assertThat(result.truncated()).isTrue();
    assertThat(result.text()).startsWith("START").endsWith("END").contains("output truncated");
    assertThat(result.text().length()).isLessThan(2_200);
  }

  @Test
  void aCallThatGetsNoAnswerFailsWithATimeoutMessage() throws Exception {
    start("tools", Duration.ofSeconds(30));

    ToolResult result = call("bad__slow", "{}", Duration.ofSeconds(2));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("MCP server 'bad' did not answer the call to 'slow' within 2 s");
    assertThat(call("bad__good", "{\"text\":\"still alive\"}", Duration.ofSeconds(30)).text())
        .isEqualTo("ok: still alive");
  }

  @Test
  void aLineOfGarbageBetweenAnswersDoesNotBreakTheConnection() throws Exception {
    start("tools", Duration.ofSeconds(30));

    ToolResult result = call("bad__garbage_answer", "{}", Duration.ofSeconds(10));

    assertThat(result.text()).isEqualTo("after garbage");
    assertThat(call("bad__good", "{\"text\":\"next\"}", Duration.ofSeconds(30)).text()).isEqualTo("ok: next");
  }

  @Test
  void aToolDroppedByAListChangeFailsClearlyAndNewToolsReachTheNextToolList() throws Exception {
    start("tools", Duration.ofSeconds(30));
    Tool good = tool("bad__good");

    assertThat(call("bad__swap", "{}", Duration.ofSeconds(30)).text()).isEqualTo("swapped");
    List<String> names = awaitToolNames("bad__second");

    assertThat(names).contains("bad__second").doesNotContain("bad__good");
    ToolResult dropped = good.execute(ToolArguments.parse("{\"text\":\"x\"}"), ToolContext.builder(dir).build());
    assertThat(dropped.isError()).isTrue();
    assertThat(dropped.text()).contains("no longer offers the tool 'good'");
  }

  @Test
  void aServerThatExitsMidCallIsRestartedOnceThenGivenUp() throws Exception {
    start("tools", Duration.ofSeconds(30));
    Tool die = tool("bad__die");
    Tool good = tool("bad__good");

    ToolResult first = die.execute(ToolArguments.parse("{}"), ToolContext.builder(dir).build());
    assertThat(first.isError()).isTrue();
    assertThat(first.text()).contains("MCP server 'bad' stopped during the call to 'die'")
        .contains("restarted once").contains("about to die");

    assertThat(good.execute(ToolArguments.parse("{\"text\":\"after restart\"}"), ToolContext.builder(dir).build())
        .text()).isEqualTo("ok: after restart");

    ToolResult second = die.execute(ToolArguments.parse("{}"), ToolContext.builder(dir).build());
    assertThat(second.text()).contains("stopped during the call");
    ToolResult after = good.execute(ToolArguments.parse("{\"text\":\"x\"}"), ToolContext.builder(dir).build());
    assertThat(after.isError()).isTrue();
    assertThat(after.text()).contains("crashed again after its restart and is not restarted");
    assertThat(mcp.failures().get("bad")).contains("crashed again");
  }

  @Test
  void toolsFailClearlyAfterShutdown() throws Exception {
    start("tools", Duration.ofSeconds(30));
    Tool good = tool("bad__good");
    mcp.close();

    ToolResult result = good.execute(ToolArguments.parse("{\"text\":\"x\"}"), ToolContext.builder(dir).build());

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("shut down");
  }

  private List<String> awaitToolNames(String expected) throws InterruptedException {
    List<String> names = List.of();
    for (int i = 0; i < 100; i++) {
      names = mcp.tools().stream().map(Tool::name).toList();
      if (names.contains(expected)) {
        break;
      }
      Thread.sleep(100);
    }
    return names;
  }

}
