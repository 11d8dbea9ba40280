package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.PermissionPolicy.Permission;

class PermissionGateTest {
  @TempDir
  Path workspace;

  private static final String WRITE = "{\"path\":\"lib.rs\",\"content\":\"pub fn x() {}\"}";

  private ScriptedChatModel writeThenAnswer() {
    return ScriptedChatModel.builder().thenToolCall("write_file", WRITE).thenText("answered").build();
  }

  private Agent.Builder agent(ScriptedChatModel model) {
    return Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(TestTools.readFile(workspace), TestTools.writeFile(workspace)));
  }

  @Test
  void withoutAnApproverAModifyingCallIsRefusedAndNothingChanges() {
    ScriptedChatModel model = writeThenAnswer();

    AgentResult result = agent(model).build().run("write lib.rs");

    assertThat(workspace.resolve("lib.rs")).doesNotExist();
    assertThat(result.status()).isEqualTo(AgentStatus.PERMISSION_DENIED);
    assertThat(result.denials()).singleElement().satisfies(d -> {
      assertThat(d.permission()).isEqualTo(Permission.ASK);
      assertThat(d.actions()).containsExactly(Action.MODIFY_CODE);
      assertThat(d.reason()).contains("no approver");
    });
    ToolExecutionResultMessage sent = (ToolExecutionResultMessage) model.lastRequest().messages().get(3);
    assertThat(sent.isError()).isTrue();
    assertThat(sent.text()).startsWith("permission denied");
  }

  @Test
  void theApproverSeesTheDescriptionAndItsYesLetsTheCallRun() throws Exception {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();

    AgentResult result = agent(writeThenAnswer()).approver(request -> {
      asked.add(request);
      return true;
    }).build().run("write lib.rs");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(Files.readString(workspace.resolve("lib.rs"))).isEqualTo("pub fn x() {}");
    assertThat(asked).singleElement().satisfies(r -> {
      assertThat(r.tool()).isEqualTo("write_file");
      assertThat(r.description()).contains("+++ lib.rs").contains("+pub fn x() {}");
    });
  }

  @Test
  void theApproversNoRefusesTheCall() {
    AgentResult result = agent(writeThenAnswer()).approver(Approver.denyAll()).build().run("write");

    assertThat(workspace.resolve("lib.rs")).doesNotExist();
    assertThat(result.denials()).singleElement().satisfies(d -> assertThat(d.reason()).contains("refused by the approver"));
  }

  @Test
  void anApproverThatThrowsCountsAsARefusal() {
    AgentResult result = agent(writeThenAnswer()).approver(r -> {
      throw new IllegalStateException("dialog crashed");
    }).build().run("write");

    assertThat(workspace.resolve("lib.rs")).doesNotExist();
    assertThat(result.status()).isEqualTo(AgentStatus.PERMISSION_DENIED);
    assertThat(result.denials()).singleElement().satisfies(d -> assertThat(d.reason()).contains("dialog crashed"));
  }

  @Test
  void aDenyRuleRefusesWithoutAskingEvenWithAnApprover() {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    PermissionPolicy policy = PermissionPolicy.builder().allow(Action.MODIFY_CODE).deny("write_file(*.rs)").build();

    AgentResult result = agent(writeThenAnswer()).permissionPolicy(policy).approver(r -> asked.add(r)).build().run("write");

    assertThat(asked).isEmpty();
    assertThat(workspace.resolve("lib.rs")).doesNotExist();
    assertThat(result.denials()).singleElement().satisfies(d -> assertThat(d.permission()).isEqualTo(Permission.DENY));
  }

  @Test
  void anAllowRuleLetsMatchingCallsRunWithoutAsking() throws Exception {
    PermissionPolicy policy = PermissionPolicy.builder().allow("write_file(*.rs)").build();

    AgentResult result = agent(writeThenAnswer()).permissionPolicy(policy).build().run("write");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(Files.readString(workspace.resolve("lib.rs"))).isEqualTo("pub fn x() {}");
  }

  @Test
  void aModelThatKeepsAskingForRefusedCallsIsStopped() {
    ScriptedChatModel model = ScriptedChatModel.builder().otherwiseToolCall("write_file", WRITE).build();

    AgentResult result = agent(model).maxIterations(10).build().run("write forever");

    assertThat(result.status()).isEqualTo(AgentStatus.PERMISSION_DENIED);
    assertThat(model.callCount()).isEqualTo(3);
    assertThat(result.denials()).hasSize(3);
  }

  @Test
  void readingIsAllowedByDefault() throws Exception {
    Files.writeString(workspace.resolve("a.rs"), "fn a() {}");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}").thenText("ok").build();

    AgentResult result = agent(model).build().run("read");

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.steps(AgentStep.PermissionDecision.class)).singleElement()
        .satisfies(d -> assertThat(d.permission()).isEqualTo(Permission.ALLOW));
  }
}
