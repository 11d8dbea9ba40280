package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.Approver.ApprovalRequest;

class HostToolCallTest {
  @TempDir Path dir;

  private Agent agent(PermissionPolicy policy, Approver approver, List<AgentEvent> events) {
    return Agent.builder().chatModel(ScriptedChatModel.builder().build()).tools(BuiltinTools.defaults().registry())
        .workspace(dir).permissionPolicy(policy).approver(approver)
        .listener(new AgentListener() {
          @Override
          public void onEvent(AgentEvent event) {
            events.add(event);
          }
        }).build();
  }

  @Test
  void aHostCallGoesThroughTheSameGateAndListenersAsTheModelsCalls() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "old");
    List<AgentEvent> events = new CopyOnWriteArrayList<>();
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    Agent agent = agent(PermissionPolicy.defaults(), request -> {
      asked.add(request);
      return false;
    }, events);

    ToolCallResult call = agent.callTool("edit_file",
        Map.of("path", "a.txt", "old_text", "old", "new_text", "new"), CancellationToken.create());

    assertThat(call.steps()).hasSize(3);
    assertThat(call.refused()).isTrue();
    assertThat(call.permission()).hasValueSatisfying(d -> assertThat(d.actions()).contains(Action.MODIFY_CODE));
    assertThat(call.result().text()).contains("permission denied");
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.description()).contains("+new"));
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("old");
    assertThat(events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("ToolRequested", "PermissionDecided", "ToolFinished");
  }

  @Test
  void anAllowedHostCallReturnsTheToolsResult() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "old");
    Agent agent = agent(PermissionPolicy.defaults(), Approver.approveAll(), new CopyOnWriteArrayList<>());

    ToolCallResult call = agent.callTool("edit_file", ToolArguments.parse(
        "{\"path\":\"a.txt\",\"old_text\":\"old\",\"new_text\":\"say \\\"hi\\\"\\n\"}"), CancellationToken.create());

    assertThat(call.succeeded()).isTrue();
    assertThat(call.decision().allowed()).isTrue();
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("say \"hi\"\n");
  }

  @Test
  void anUnknownToolOrBadArgumentsFailBeforeTheGate() {
    Agent agent = agent(PermissionPolicy.defaults(), Approver.approveAll(), new CopyOnWriteArrayList<>());
    ToolCallResult unknown = agent.callTool("no_such_tool", Map.of(), CancellationToken.create());
    assertThat(unknown.permission()).isEmpty();
    assertThat(unknown.result().text()).contains("unknown tool");
    ToolCallResult bad = agent.callTool("edit_file", Map.of("path", 3), CancellationToken.create());
    assertThat(bad.permission()).isEmpty();
    assertThat(bad.succeeded()).isFalse();
  }

  @Test
  void anUnknownToolNameGetsASuggestion() {
    Agent agent = agent(PermissionPolicy.defaults(), Approver.approveAll(), new CopyOnWriteArrayList<>());
    ToolCallResult call = agent.callTool("edit_fiel", Map.of(), CancellationToken.create());
    assertThat(call.result().text()).contains("did you mean 'edit_file'?");
  }

  @Test
  void argumentsThatAreNotAJsonObjectAreRefused() {
    Agent agent = agent(PermissionPolicy.defaults(), Approver.approveAll(), new CopyOnWriteArrayList<>());
    assertThatThrownBy(() -> agent.callTool("edit_file", JsonNodeFactory.instance.arrayNode(),
        CancellationToken.create())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
  }

  @Test
  void theApproverIsAskedBetweenTheRequestAndTheFinishAndTheToolRunsOnce() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "old");
    Approver approver = mock(Approver.class);
    when(approver.approve(any())).thenReturn(true);
    AgentListener listener = mock(AgentListener.class);
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build())
        .tools(BuiltinTools.defaults().registry()).workspace(dir).approver(approver).listener(listener).build();

    agent.callTool("edit_file", Map.of("path", "a.txt", "old_text", "old", "new_text", "new"),
        CancellationToken.create());

    InOrder order = inOrder(listener, approver);
    order.verify(listener).onToolRequested(any());
    order.verify(approver).approve(argThat(r -> r.tool().equals("edit_file")));
    order.verify(listener).onPermissionDecided(argThat(e -> e.decision().allowed()));
    order.verify(listener).onToolFinished(any());
    verify(approver, times(1)).approve(any());
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("new");
  }
}
