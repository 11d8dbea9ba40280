package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Action;
import dev.rustagent.tools.CancellationToken;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    List<AgentStep> steps = agent.callTool("edit_file",
        "{\"path\":\"a.txt\",\"old_text\":\"old\",\"new_text\":\"new\"}", CancellationToken.create());

    assertThat(steps).hasSize(3);
    assertThat(steps.get(1)).isInstanceOfSatisfying(AgentStep.PermissionDecision.class, d -> {
      assertThat(d.allowed()).isFalse();
      assertThat(d.actions()).contains(Action.MODIFY_CODE);
    });
    assertThat(((AgentStep.ToolOutcome) steps.get(2)).result().text()).contains("permission denied");
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.description()).contains("+new"));
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("old");
    assertThat(events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("ToolRequested", "PermissionDecided", "ToolFinished");
  }

  @Test
  void anUnknownToolOrBadArgumentsFailBeforeTheGate() {
    Agent agent = agent(PermissionPolicy.defaults(), Approver.approveAll(), new CopyOnWriteArrayList<>());
    List<AgentStep> unknown = agent.callTool("no_such_tool", "{}", CancellationToken.create());
    assertThat(unknown).noneMatch(s -> s instanceof AgentStep.PermissionDecision);
    assertThat(((AgentStep.ToolOutcome) unknown.get(unknown.size() - 1)).result().text()).contains("unknown tool");
    List<AgentStep> bad = agent.callTool("edit_file", "{\"path\":3}", CancellationToken.create());
    assertThat(((AgentStep.ToolOutcome) bad.get(bad.size() - 1)).result().isError()).isTrue();
  }
}
