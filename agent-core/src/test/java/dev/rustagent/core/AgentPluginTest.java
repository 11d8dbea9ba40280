package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentPlugin.ContextContribution;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentListener.AgentEvent;

class AgentPluginTest {

  @TempDir
  Path workspace;

  private static final RecalledItem GOOD = new RecalledItem("success-pattern", "p1", "clone before moving", 0.9, 1.0);
  private static final RecalledItem BAD = new RecalledItem("episode", "e7", "tried unsafe", 0.1, 0.0);

  private record Recorder(List<String> events) implements AgentListener {
    @Override
    public void onRunFinished(AgentEvent.RunFinished event) {
      events.add("finished " + event.result().status());
    }
  }

  private AgentPlugin plugin(List<String> events, ContextContribution contribution) {
    return new AgentPlugin() {
      @Override
      public List<ContextProvider> contextProviders() {
        return List.of(new ContextProvider() {
          @Override
          public String provide(String task, int tokenBudget) {
            return contribution.text();
          }

          @Override
          public ContextContribution contribute(String task, int tokenBudget) {
            return contribution;
          }
        });
      }

      @Override
      public List<AgentListener> listeners() {
        return List.of(new Recorder(events));
      }
    };
  }

  @Test
  void aPluginsContextReachesTheModelAndItsListenerSeesTheRun() {
    List<String> events = new CopyOnWriteArrayList<>();
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("done").build();
    Agent agent = Agent.builder().chatModel(model).workspace(workspace)
        .plugin(plugin(events, new ContextContribution("## Lessons\n- clone before moving", List.of(GOOD))))
        .build();

    AgentResult result = agent.run("fix the move error");

    String system = model.requests().get(0).messages().stream().filter(SystemMessage.class::isInstance)
        .map(m -> ((SystemMessage) m).text()).findFirst().orElseThrow();
    assertThat(system).contains("- clone before moving");
    assertThat(events).containsExactly("finished COMPLETED");
    assertThat(result.patternsUsed()).containsExactly(GOOD);
  }

  @Test
  void confidenceFollowsTheOutcomesOfWhatWasRecalled() {
    ScriptedChatModel good = ScriptedChatModel.builder().thenText("done").build();
    ScriptedChatModel bad = ScriptedChatModel.builder().thenText("done").build();
    AgentResult withGood = Agent.builder().chatModel(good).workspace(workspace)
        .plugin(plugin(new CopyOnWriteArrayList<>(), new ContextContribution("x", List.of(GOOD)))).build().run("t");
    AgentResult withBad = Agent.builder().chatModel(bad).workspace(workspace)
        .plugin(plugin(new CopyOnWriteArrayList<>(), new ContextContribution("x", List.of(BAD)))).build().run("t");

    assertThat(withGood.confidence()).isEqualTo(1.0);
    assertThat(withBad.confidence()).isEqualTo(0.0);
  }

  @Test
  void aRunWithoutEvidenceIsHalfConfidentAndAFailedRunNotAtAll() {
    AgentResult plain = Agent.builder().chatModel(ScriptedChatModel.builder().thenText("done").build())
        .workspace(workspace).build().run("t");
    AgentResult failed = Agent.builder()
        .chatModel(ScriptedChatModel.builder().thenFail(new IllegalStateException("boom")).build())
        .workspace(workspace).build().run("t");

    assertThat(plain.patternsUsed()).isEmpty();
    assertThat(plain.confidence()).isEqualTo(0.5);
    assertThat(failed.confidence()).isZero();
  }

  @Test
  void recalledItemsRejectOutOfRangeScores() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecalledItem("pattern", "1", "x", 1.5, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevance");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecalledItem("pattern", "1", "x", 0.5, -0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
  }
}
