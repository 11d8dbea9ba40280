package dev.rustagent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.LearningMetrics.MetricSample;

class MemoryRecallTest {

  @TempDir
  Path workspace;

  private final AgentMemory memory = AgentMemory.builder().inMemory().keywordOnly().build();

  @AfterEach
  void close() {
    memory.close();
  }

  private Agent agent(ScriptedChatModel model) {
    return Agent.builder().chatModel(model).workspace(workspace).plugin(MemoryPlugin.of(memory)).build();
  }

  private static String systemText(ChatRequest request) {
    return request.messages().stream().filter(SystemMessage.class::isInstance).map(m -> ((SystemMessage) m).text())
        .findFirst().orElseThrow();
  }

  @Test
  void theSecondRunsModelRequestContainsTheFirstRunsRecalledEpisode() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("Borrow the token instead of moving it: E0382 fixed in parser.rs")
        .thenText("Same fix applied in lexer.rs")
        .build();
    Agent agent = agent(model);

    agent.run("fix error E0382 use of moved value in parser.rs");
    agent.run("error E0382 again, now in lexer.rs");

    String system = systemText(model.requests().get(1));
    assertThat(system).contains(MemoryRecall.HEADING)
        .contains("fix error E0382 use of moved value in parser.rs")
        .contains("Borrow the token instead of moving it");
    assertThat(systemText(model.requests().get(0))).doesNotContain("parser.rs");
  }

  @Test
  void anUnrelatedTaskRecallsNothingIntoTheContext() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("Borrow the token instead of moving it: E0382 fixed in parser.rs")
        .thenText("Published.")
        .build();
    Agent agent = agent(model);

    agent.run("fix error E0382 use of moved value in parser.rs");
    AgentResult unrelated = agent.run("publish the crate to crates.io with a README and a changelog");

    assertThat(systemText(model.requests().get(1))).doesNotContain("parser.rs");
    assertThat(unrelated.patternsUsed()).noneMatch(item -> item.kind().equals("episode"));
  }

  @Test
  void theSecondRunReportsTheRecalledEpisodeAsUsedAndGainsConfidenceFromItsSuccess() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("Borrow the token instead of moving it: E0382 fixed in parser.rs")
        .thenText("Same fix applied in lexer.rs")
        .build();
    Agent agent = agent(model);

    AgentResult first = agent.run("fix error E0382 use of moved value in parser.rs");
    AgentResult second = agent.run("error E0382 again, now in lexer.rs");

    assertThat(first.patternsUsed()).noneMatch(item -> item.kind().equals("episode"));
    assertThat(second.patternsUsed()).filteredOn(item -> item.kind().equals("episode")).singleElement()
        .satisfies(item -> {
          assertThat(item.summary()).contains("parser.rs");
          assertThat(item.outcome()).isEqualTo(1.0);
          assertThat(item.relevance()).isBetween(0.0, 1.0);
        });
    assertThat(second.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
  }

  @Test
  void eachFinishedRunIsRecordedWithItsOutcome() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("all tests pass")
        .thenFail(new IllegalStateException("model exploded"))
        .build();
    Agent agent = agent(model);

    agent.run("run the tests");
    agent.run("deploy it");

    assertThat(memory.episodes().session(MemoryRecall.NO_SESSION)).extracting(Episode::interaction)
        .extracting(Interaction::userMessage, Interaction::success)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("run the tests", true),
            org.assertj.core.groups.Tuple.tuple("deploy it", false));
  }

  @Test
  void eachFinishedRunAppendsALearningMetricsSample() {
    memory.metrics().record(new dev.rustagent.memory.LearningMetrics.MetricSample(Instant.parse("2026-01-01T00:00:00Z"), 7, 0.0,
        java.time.Duration.ZERO));
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("done")
        .thenFail(new IllegalStateException("model exploded"))
        .build();
    Agent agent = agent(model);

    agent.run("first task");
    agent.run("second task");

    var samples = memory.metrics().all();
    assertThat(samples).hasSize(3);
    assertThat(samples.get(1).successRate()).isEqualTo(1.0);
    assertThat(samples.get(2).successRate()).isEqualTo(0.5);
    assertThat(samples.subList(1, 3)).allSatisfy(s -> assertThat(s.conceptsLearned()).isEqualTo(7));
    assertThat(memory.metrics().latest()).contains(samples.get(2));
  }

  @Test
  void recalledPatternsHaveTheirUseCountedWithTheRunsOutcome() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("wrapped it in Arc<Mutex<_>>").build();

    agent(model).run("share mutable state between threads with Arc and Mutex");

    CodePattern arcMutex = memory.knowledge().patterns().stream()
        .filter(p -> p.name().equals("arc-mutex-shared-state")).findFirst().orElseThrow();
    assertThat(systemText(model.requests().get(0))).contains("arc-mutex-shared-state");
    assertThat(arcMutex.useCount()).isEqualTo(1);
    assertThat(arcMutex.successRate()).isEqualTo(1.0);
  }

  @Test
  void recalledTextStaysWithinTheTokenBudget() {
    String longAnswer = "clone the value and retry. ".repeat(200);
    for (int i = 0; i < 10; i++) {
      memory.episodes().record(new Interaction("s", Instant.now(), "fix E0382 number " + i, longAnswer, "", true));
    }
    MemoryRecall recall = new MemoryRecall(memory);

    String text = recall.provide("fix E0382", 150);

    assertThat(text).startsWith(MemoryRecall.HEADING).contains("fix E0382 number");
    assertThat(text.length()).isLessThanOrEqualTo(150 * 4);
  }

  @Test
  void severalAgentsSharingOneMemoryConcurrentlyRecordEveryRun() throws Exception {
    int agents = 4;
    int runs = 10;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(agents);
    try {
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int a = 0; a < agents; a++) {
        int n = a;
        futures.add(pool.submit(() -> {
          ScriptedChatModel.Builder script = ScriptedChatModel.builder();
          for (int r = 0; r < runs; r++) {
            script.thenText("answer " + n + "-" + r);
          }
          Agent agent = agent(script.build());
          for (int r = 0; r < runs; r++) {
            agent.run("task " + n + "-" + r + " share state between threads");
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(memory.episodes().count()).isEqualTo(agents * runs);
    CodePattern arcMutex = memory.knowledge().patterns().stream()
        .filter(p -> p.name().equals("arc-mutex-shared-state")).findFirst().orElseThrow();
    assertThat(arcMutex.useCount()).isEqualTo(agents * runs);
  }

  @Test
  void nothingIsRecalledFromAnEmptyMemoryForAnUnrelatedTask() {
    try (AgentMemory empty = AgentMemory.builder().inMemory().keywordOnly().starterKnowledge(false).build()) {
      assertThat(new MemoryRecall(empty).provide("anything at all", 1000)).isEmpty();
    }
  }

  /** A stand-in for the git tool: it only says what it was asked. */
  private static final class FakeGit implements dev.rustagent.tools.Tool {
    @Override
    public String name() {
      return "git";
    }

    @Override
    public String description() {
      return "git";
    }

    @Override
    public dev.langchain4j.model.chat.request.json.JsonObjectSchema parameters() {
      return dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().addStringProperty("subcommand")
          .build();
    }

    @Override
    public java.util.Set<dev.rustagent.tools.Tool.Action> actions(dev.rustagent.tools.ToolArguments arguments) {
      return java.util.Set.of(dev.rustagent.tools.Tool.Action.READ);
    }

    @Override
    public dev.rustagent.tools.ToolResult execute(dev.rustagent.tools.ToolArguments arguments,
        dev.rustagent.tools.ToolContext context) {
      return dev.rustagent.tools.ToolResult.success("ran git " + arguments.json());
    }
  }

  private ToolCommand bisect() {
    return memory.knowledge().putCommand(new ToolCommand(0, CommandTool.GIT, "git bisect start",
        "find the commit that introduced a regression by binary search", java.util.List.of(), 0));
  }

  @Test
  void aRecalledCommandReachesTheContextAndIsReportedAsUsed() {
    ToolCommand bisect = bisect();
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Use git bisect.").build();

    AgentResult result = agent(model).run("find the commit that introduced the regression");

    assertThat(systemText(model.requests().get(0))).contains("### Commands that may help").contains("git bisect start");
    assertThat(result.patternsUsed()).anySatisfy(item -> {
      assertThat(item.kind()).isEqualTo("command");
      assertThat(item.id()).isEqualTo(Long.toString(bisect.id()));
    });
  }

  @Test
  void runningARecalledCommandCountsAUseAndOnlyRecallingItDoesNot() {
    ToolCommand bisect = bisect();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("Use git bisect.")
        .thenToolCall("git", "{\"subcommand\":\"bisect\",\"args\":[\"start\"]}")
        .thenText("Bisecting.")
        .build();
    Agent agent = Agent.builder().chatModel(model).workspace(workspace)
        .tools(dev.rustagent.tools.ToolRegistry.of(new FakeGit())).plugin(MemoryPlugin.of(memory)).build();

    agent.run("find the commit that introduced the regression");
    int afterRecallOnly = memory.knowledge().commands(CommandTool.GIT).stream()
        .filter(c -> c.id() == bisect.id()).findFirst().orElseThrow().useCount();
    agent.run("find the commit that introduced the regression");

    assertThat(afterRecallOnly).isZero();
    assertThat(memory.knowledge().commands(CommandTool.GIT)).filteredOn(c -> c.id() == bisect.id())
        .singleElement().extracting(ToolCommand::useCount).isEqualTo(1);
  }

  @Test
  void aCallOfAnotherToolOrWithOtherWordsIsNotAUse() {
    ToolCommand bisect = new ToolCommand(1, CommandTool.GIT, "git bisect start", "", java.util.List.of(), 0);

    assertThat(MemoryRecall.uses(new dev.rustagent.core.AgentResult.AgentStep.ToolCall("c", "git",
        "{\"subcommand\":\"bisect\",\"args\":[\"reset\"]}"), bisect)).isFalse();
    assertThat(MemoryRecall.uses(new dev.rustagent.core.AgentResult.AgentStep.ToolCall("c", "shell",
        "{\"command\":\"git bisect start\"}"), bisect)).isFalse();
    assertThat(MemoryRecall.uses(new dev.rustagent.core.AgentResult.AgentStep.ToolCall("c", "git",
        "{\"subcommand\":\"bisect\",\"args\":[\"start\"]}"), bisect)).isTrue();
  }
}
