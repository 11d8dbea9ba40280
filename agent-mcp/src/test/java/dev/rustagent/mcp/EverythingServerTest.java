package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** An agent with a scripted model calls tools of the real reference server {@code server-everything}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverythingServerTest {
  @TempDir Path workspace;
  private McpTools mcp;
  private ToolRegistry registry;

  @BeforeAll
  void startServer() {
    Path everything = NodePackages.bin("mcp-server-everything");
    Map<String, String> parent = new java.util.HashMap<>(System.getenv());
    parent.put("ANTHROPIC_API_KEY", "sk-ant-parent-secret");
    parent.put("GITHUB_TOKEN", "ghp_parent_secret");
    mcp = McpTools.builder()
        .server(McpServerConfig.builder("everything").command(everything.toString())
            .env("EVERYTHING_GRANTED", "granted-value")
            .readOnlyTools("get-sum")
            .timeout(Duration.ofSeconds(60)).build())
        .parentEnvironment(parent)
        .build();
    mcp.start();
    registry = mcp.registerInto(ToolRegistry.empty());
  }

  @AfterAll
  void stopServer() {
    if (mcp != null) {
      mcp.close();
    }
  }

  private AgentResult run(String tool, String arguments, Approver approver) {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall(tool, arguments).thenText("done").build();
    Agent agent = Agent.builder().chatModel(model).tools(registry).workspace(workspace)
        .permissionPolicy(PermissionPolicy.defaults()).approver(approver)
        .toolTimeout(Duration.ofSeconds(60)).build();
    return agent.run("use the MCP tool");
  }

  private static String outcome(AgentResult result) {
    return result.steps(AgentStep.ToolOutcome.class).get(0).result().text();
  }

  @Test
  void theServersToolsJoinTheRegistryUnderNamespacedNamesWithTheirSchemas() {
    assertThat(registry.tools()).extracting(Tool::name)
        .contains("everything__echo", "everything__get-sum", "everything__trigger-long-running-operation");
    Tool echo = registry.find("everything__echo").orElseThrow();
    assertThat(echo.parameters().properties()).containsKey("message");
    assertThat(echo.parameters().required()).contains("message");
    assertThat(mcp.failures()).isEmpty();
  }

  @Test
  void echoIsAskedAboutThroughTheGateAndItsResultReachesTheModel() {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    AgentResult result = run("everything__echo", "{\"message\":\"hello from java\"}", request -> {
      asked.add(request);
      return true;
    });

    assertThat(asked).singleElement().satisfies(r -> {
      assertThat(r.tool()).isEqualTo("everything__echo");
      assertThat(r.actions()).contains(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.NETWORK);
    });
    assertThat(outcome(result)).contains("hello from java");
    assertThat(result.steps(AgentStep.ToolOutcome.class).get(0).result().isError()).isFalse();
  }

  @Test
  void withoutApprovalTheCallIsRefusedAndNeverReachesTheServer() {
    AgentResult result = run("everything__echo", "{\"message\":\"refused\"}", Approver.denyAll());

    assertThat(result.steps(AgentStep.PermissionDecision.class)).singleElement()
        .satisfies(d -> assertThat(d.allowed()).isFalse());
    assertThat(outcome(result)).doesNotContain("Echo").containsIgnoringCase("permission denied");
  }

  @Test
  void aToolMarkedReadOnlyRunsWithoutAsking() {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    AgentResult result = run("everything__get-sum", "{\"a\":2,\"b\":40}", request -> {
      asked.add(request);
      return true;
    });

    assertThat(asked).isEmpty();
    assertThat(outcome(result)).contains("42");
  }

  @Test
  void aLongRunningOperationWithProgressReturnsItsResult() {
    AgentResult result = run("everything__trigger-long-running-operation", "{\"duration\":2,\"steps\":4}",
        Approver.approveAll());

    assertThat(outcome(result)).containsIgnoringCase("long running operation completed");
  }

  @Test
  void anImageResultIsDescribedByTypeAndSize() {
    AgentResult result = run("everything__get-tiny-image", "{}", Approver.approveAll());

    assertThat(outcome(result)).containsPattern("\\[image image/png, [1-9][0-9]* bytes\\]");
  }

  @Test
  void anEmbeddedResourceIsShownWithItsUriAndText() {
    AgentResult result = run("everything__get-resource-reference", "{\"resourceType\":\"Text\",\"resourceId\":2}",
        Approver.approveAll());

    assertThat(outcome(result)).containsPattern("\\[resource demo://resource/static/document/[^\\]]+\\]|"
        + "\\[resource [a-z]+://[^\\]]*2[^\\]]*\\]");
  }

  @Test
  void structuredContentBecomesThePayload() {
    AgentResult result = run("everything__get-structured-content", "{\"location\":\"Chicago\"}",
        Approver.approveAll());

    Object payload = result.steps(AgentStep.ToolOutcome.class).get(0).result().payload();
    assertThat(payload).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) payload).keySet()).extracting(String::valueOf).contains("temperature");
  }

  @Test
  void theChildGetsOnlyAllowListedAndConfiguredEnvironmentVariables() {
    AgentResult result = run("everything__get-env", "{}", Approver.approveAll());

    assertThat(outcome(result)).contains("EVERYTHING_GRANTED").contains("granted-value").contains("PATH")
        .doesNotContain("ANTHROPIC_API_KEY").doesNotContain("sk-ant-parent-secret")
        .doesNotContain("GITHUB_TOKEN").doesNotContain("ghp_parent_secret");
  }
}
