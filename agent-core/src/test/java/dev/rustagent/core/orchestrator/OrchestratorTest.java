package dev.rustagent.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;
import dev.rustagent.core.workflow.RustTestTools;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.orchestrator.Trigger.TriggerResult;

class OrchestratorTest {
  @TempDir Path dir;
  @TempDir Path data;
  private Orchestrator orchestrator;

  @AfterEach
  void close() {
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  private Agent agent(ScriptedChatModel model) {
    return Agent.builder().chatModel(model).tools(RustTestTools.registry()).workspace(dir)
        .permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND).build()).build();
  }

  private static ChatResponse text(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until the condition holds or 10 seconds pass; returns whether it held. */
  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  @Test
  void aStormOfSavesStartsAtMostTwoRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    List<Set<Path>> batches = new CopyOnWriteArrayList<>();
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .config(OrchestratorConfig.builder().saveDebounce(Duration.ofMillis(50)).build())
        .on(Trigger.FilesSaved.class, t -> {
          runs.incrementAndGet();
          batches.add(t.paths());
          await(release);
          return TriggerResult.done(t, "checked", null);
        }).build().start();

    for (int i = 0; i < 300; i++) {
      orchestrator.fileSaved(dir.resolve("src/file" + (i % 30) + ".rs"));
    }
    assertThat(eventually(() -> runs.get() >= 1)).isTrue();
    for (int i = 0; i < 300; i++) {
      orchestrator.fileSaved(dir.resolve("src/later" + (i % 7) + ".rs"));
    }
    release.countDown();
    assertThat(eventually(() -> batches.stream().mapToInt(Set::size).sum() == 37)).isTrue();
    assertThat(runs.get()).isEqualTo(2);
    assertThat(batches.stream().flatMap(Set::stream).distinct().count()).isEqualTo(37);
  }

  @Test
  void aFullQueueRefusesMoreWorkInsteadOfGrowing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .config(OrchestratorConfig.builder().maxConcurrentAgents(1).queueCapacity(2).build())
        .on(Trigger.KnowledgeGap.class, t -> {
          await(release);
          return TriggerResult.done(t, "explained " + t.topic(), null);
        }).build().start();

    List<CompletableFuture<TriggerResult>> accepted = new java.util.ArrayList<>();
    RejectedExecutionException refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      try {
        accepted.add(orchestrator.fire(new Trigger.KnowledgeGap("topic " + i)));
      } catch (RejectedExecutionException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull().hasMessageContaining("queue is full (2 messages waiting)");
    assertThat(accepted).hasSizeBetween(2, 4);
    release.countDown();
    for (CompletableFuture<TriggerResult> f : accepted) {
      assertThat(f.get(10, TimeUnit.SECONDS).summary()).startsWith("explained topic");
    }
  }

  @Test
  void slashCommandsGoThroughTheCommandsAndBadOnesNeverReachTheModel() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().build();
    orchestrator = Orchestrator.builder().agent(agent(model)).build().start();

    TriggerResult help = orchestrator.execute("/help").get(10, TimeUnit.SECONDS);
    assertThat(help.succeeded()).isTrue();
    assertThat(help.summary()).contains("/debug [--trace] [--auto-fix]").contains("/agent \"<task>\"");
    TriggerResult unknown = orchestrator.execute("/frobnicate").get(10, TimeUnit.SECONDS);
    assertThat(unknown.succeeded()).isFalse();
    assertThat(unknown.detail(CommandOutcome.Usage.class)).isPresent();
    assertThat(model.callCount()).isZero();
    assertThat(orchestrator.latency().snapshot()).containsKeys("/help", "/frobnicate");
  }

  @Test
  void slashDebugRunsTheDebuggingWorkflowOnTheWorkspace() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).tools(RustTestTools.registry())
        .workspace(dir).permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND, Action.MODIFY_CODE).build())
        .build();
    orchestrator = Orchestrator.builder().agent(agent).build().start();

    TriggerResult result = orchestrator.execute("/debug --auto-fix").get(60, TimeUnit.SECONDS);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.summary()).contains("cargo check is clean").contains("fixed: error[E0382]");
    assertThat(Files.readString(dir.resolve("src/main.rs"))).contains("words.clone()");
  }

  @Test
  void agentBeyondMaxSpawnedAgentsIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(r -> {
      await(release);
      return text("helped");
    }).build();
    orchestrator = Orchestrator.builder().agent(agent(model))
        .config(OrchestratorConfig.builder().maxSpawnedAgents(1).maxConcurrentAgents(2).build()).build().start();

    CompletableFuture<TriggerResult> first = orchestrator.execute("/agent \"write tests for parse_config\"");
    assertThat(eventually(() -> orchestrator.network().helpers().size() == 1)).isTrue();
    TriggerResult second = orchestrator.execute("/agent \"another one\"").get(10, TimeUnit.SECONDS);
    assertThat(second.succeeded()).isFalse();
    assertThat(second.summary()).contains("of at most 1 are already queued or running");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).summary()).isEqualTo("helped");
  }

  @Test
  void agentWithAToolTheParentLacksIsRefused() throws Exception {
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build())).build().start();
    TriggerResult result = orchestrator.execute("/agent \"push the branch\" --tools cargo,gh").get(10, TimeUnit.SECONDS);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.summary()).contains("not granted: [gh]");
  }

  @Test
  void agentSpawningCanBeTurnedOff() throws Exception {
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .config(OrchestratorConfig.builder().allowAgentSpawning(false).build()).build().start();
    assertThat(orchestrator.execute("/agent \"x\"").get(10, TimeUnit.SECONDS).summary()).contains("turned off");
  }

  @Test
  void knowledgeFilesAreReloadedWhenTheIdeChangesThemAndABrokenFileKeepsTheLastGoodContent() throws Exception {
    Files.writeString(data.resolve("knowledge_base.json"), "{\"patterns\":[\"use anyhow\"]}");
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("noted").build();
    orchestrator = Orchestrator.builder().agent(agent(model)).dataDirectory(data).build().start();
    assertThat(orchestrator.knowledgeBase().path("patterns").get(0).asText()).isEqualTo("use anyhow");

    Files.writeString(data.resolve("knowledge_base.json"), "{\"patterns\":[\"prefer thiserror\"]}");
    Files.writeString(data.resolve("progress.json"), "{\"concepts\":3}");
    assertThat(eventually(() -> orchestrator.knowledgeBase().toString().contains("prefer thiserror"))).isTrue();
    assertThat(eventually(() -> orchestrator.progress().path("concepts").asInt() == 3)).isTrue();

    Files.writeString(data.resolve("knowledge_base.json"), "{\"patterns\":[");
    assertThat(eventually(() -> orchestrator.knowledgeFileProblem().isPresent())).isTrue();
    assertThat(orchestrator.knowledgeFileProblem().orElseThrow()).startsWith("knowledge_base.json");
    assertThat(orchestrator.knowledgeBase().toString()).contains("prefer thiserror");

    orchestrator.query("what do we use for errors?").get(10, TimeUnit.SECONDS);
    assertThat(((SystemMessage) model.lastRequest().messages().get(0)).text()).contains("prefer thiserror");
  }

  @Test
  void aNewRustVersionIsNoticedAndPutIntoTheContext() throws Exception {
    Deque<String> versions = new ArrayDeque<>(List.of("rustc 1.94.0", "rustc 1.94.0", "rustc 1.95.0"));
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();
    orchestrator = Orchestrator.builder().agent(agent(model)).dataDirectory(data).rustVersionProbe(versions::poll)
        .build().start();

    assertThat(orchestrator.checkRustVersion()).isEmpty();
    assertThat(orchestrator.checkRustVersion()).isEmpty();
    TriggerResult changed = orchestrator.checkRustVersion().orElseThrow().get(10, TimeUnit.SECONDS);
    assertThat(changed.trigger()).isEqualTo(new Trigger.RustVersionChanged("rustc 1.94.0", "rustc 1.95.0"));
    assertThat(Files.readString(data.resolve("rust-version.txt"))).contains("1.95.0");
    orchestrator.query("which rust?").get(10, TimeUnit.SECONDS);
    assertThat(((SystemMessage) model.lastRequest().messages().get(0)).text()).contains("rustc 1.95.0 (was rustc 1.94.0)");
  }

  @Test
  void aSavedFileRunsCargoCheckAndRaisesACompileError() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .config(OrchestratorConfig.builder().saveDebounce(Duration.ZERO).build()).build().start();

    TriggerResult result = orchestrator.fire(new Trigger.FilesSaved(Set.of(dir.resolve("src/main.rs"))))
        .get(60, TimeUnit.SECONDS);
    assertThat(result.summary()).contains("1 saved file(s) checked").contains("1 compile error(s); type /debug");
    assertThat(result.detail(TriggerResult.class).orElseThrow().trigger()).isInstanceOf(Trigger.CompileError.class);
  }

  @Test
  void theWatchedWorkspaceReportsSavedRustFiles() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    List<Set<Path>> saved = new CopyOnWriteArrayList<>();
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build())).watchWorkspace(true)
        .config(OrchestratorConfig.builder().saveDebounce(Duration.ofMillis(20)).build())
        .on(Trigger.FilesSaved.class, t -> {
          saved.add(t.paths());
          return TriggerResult.done(t, "seen", null);
        }).build().start();

    Files.writeString(dir.resolve("src/lib.rs"), "pub fn f() {}\n");
    Files.writeString(dir.resolve("notes.txt"), "not rust");
    assertThat(eventually(() -> !saved.isEmpty())).isTrue();
    assertThat(saved.get(0)).extracting(p -> p.getFileName().toString()).containsOnly("lib.rs");
  }

  @Test
  void anActionNeedingPermissionRunsOnlyWhenConfirmed() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .approver(Approver.denyAll()).build().start();
    assertThat(orchestrator.action("delete target/", Action.MODIFY_CODE, () -> ran.set(true)).get(10, TimeUnit.SECONDS))
        .isFalse();
    assertThat(ran).isFalse();
    assertThat(orchestrator.action("read the log", Action.READ, () -> ran.set(true)).get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isTrue();
    assertThat(orchestrator.latency().stats("action")).hasValueSatisfying(s -> assertThat(s.count()).isEqualTo(2));
  }

  @Test
  void explainRecordsTheConceptLearnedAtTheRequestedLevel() throws Exception {
    List<String> learned = new CopyOnWriteArrayList<>();
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("A lifetime names how long a borrow lasts.").build();
    orchestrator = Orchestrator.builder().agent(agent(model))
        .conceptRecorder((concept, level, text) -> learned.add(concept + "@" + level)).build().start();

    TriggerResult result = orchestrator.execute("/explain \"lifetime elision\" --level expert").get(30, TimeUnit.SECONDS);
    assertThat(result.summary()).contains("A lifetime names how long a borrow lasts.");
    assertThat(learned).containsExactly("lifetime elision@EXPERT");
    TriggerResult again = orchestrator.execute("/explain lifetime elision --level expert").get(30, TimeUnit.SECONDS);
    assertThat(again.summary()).isEqualTo(result.summary());
    assertThat(model.callCount()).isEqualTo(1);
    assertThat(learned).hasSize(1);
  }

  @Test
  void anExplanationIsAskedForAgainOnceTheCacheTtlHasPassed() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-01T00:00:00Z"));
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now.get();
      }
    };
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("first").thenText("second").build();
    orchestrator = Orchestrator.builder().agent(agent(model)).clock(clock)
        .config(OrchestratorConfig.builder().cacheTtl(java.time.Duration.ofMinutes(10)).build()).build().start();

    orchestrator.execute("/explain traits").get(30, TimeUnit.SECONDS);
    now.set(now.get().plusSeconds(9 * 60));
    assertThat(orchestrator.execute("/explain traits").get(30, TimeUnit.SECONDS).summary()).contains("first");
    now.set(now.get().plusSeconds(2 * 60));
    assertThat(orchestrator.execute("/explain traits").get(30, TimeUnit.SECONDS).summary()).contains("second");
    assertThat(model.callCount()).isEqualTo(2);
  }

  @Test
  void aKnowledgeGapIsExplainedOnlyInLearningMode() throws Exception {
    List<String> learned = new CopyOnWriteArrayList<>();
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("Pin keeps a value from moving.").build();
    orchestrator = Orchestrator.builder().agent(agent(model))
        .conceptRecorder((concept, level, text) -> learned.add(concept)).build().start();
    assertThat(orchestrator.fire(new Trigger.KnowledgeGap("Pin")).get(30, TimeUnit.SECONDS).succeeded()).isTrue();
    assertThat(learned).containsExactly("Pin");
    orchestrator.close();

    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .config(OrchestratorConfig.builder().learningMode(false).build()).build().start();
    assertThat(orchestrator.fire(new Trigger.KnowledgeGap("Pin")).get(30, TimeUnit.SECONDS).summary())
        .contains("learning mode is off");
  }

  @Test
  void withAutoFixErrorsACompileErrorIsFixedWithRustcsSuggestions() throws Exception {
    RustTestTools.crate(dir, RustTestTools.MOVED_VALUE);
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).tools(RustTestTools.registry())
        .workspace(dir).permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND, Action.MODIFY_CODE).build())
        .build();
    orchestrator = Orchestrator.builder().agent(agent)
        .config(OrchestratorConfig.builder().autoFixErrors(true).saveDebounce(Duration.ZERO).build()).build().start();

    TriggerResult result = orchestrator.fire(new Trigger.FilesSaved(Set.of(dir.resolve("src/main.rs"))))
        .get(60, TimeUnit.SECONDS);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.summary()).contains("cargo check is clean");
    assertThat(Files.readString(dir.resolve("src/main.rs"))).contains("words.clone()");
  }

  @Test
  void thePeriodicCheckRunsOnItsOwn() throws Exception {
    List<Trigger> seen = new CopyOnWriteArrayList<>();
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build()))
        .periodicCheck(Duration.ofSeconds(1))
        .on(Trigger.PeriodicCheck.class, t -> {
          seen.add(t);
          return TriggerResult.done(t, "checked", null);
        }).build().start();
    assertThat(eventually(() -> !seen.isEmpty())).isTrue();
  }

  @Test
  void gitRunsThroughTheGateAndAWriteIsRefusedWithoutApproval() throws Exception {
    new ProcessBuilder("git", "init", "-q").directory(dir.toFile()).start().waitFor();
    Files.writeString(dir.resolve("a.txt"), "a");
    orchestrator = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build())).build().start();

    TriggerResult status = orchestrator.execute("/git status --short").get(30, TimeUnit.SECONDS);
    assertThat(status.succeeded()).as(status.summary()).isTrue();
    assertThat(status.summary()).contains("a.txt");
    TriggerResult add = orchestrator.execute("/git add a.txt").get(30, TimeUnit.SECONDS);
    assertThat(add.succeeded()).isFalse();
    assertThat(add.summary()).contains("permission denied");
  }

  @Test
  void aQueryThatHangsIsStoppedAtTheQueryTimeoutAndTheNextOneWorks() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(request -> {
          await(new CountDownLatch(1));
          return text("never");
        })
        .thenText("second answer")
        .build();
    Agent agent = Agent.builder().chatModel(model).workspace(dir)
        .retryPolicy(dev.rustagent.core.RetryPolicy.none()).build();
    orchestrator = Orchestrator.builder().agent(agent)
        .config(OrchestratorConfig.builder().queryTimeout(Duration.ofMillis(300)).build()).build().start();

    assertThatThrownBy(() -> orchestrator.query("hang").get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class)
        .hasMessageContaining("longer than 300 ms");
    assertThat(orchestrator.query("again").get(30, TimeUnit.SECONDS)).isEqualTo("second answer");
  }

  @Test
  void sendingBeforeStartOrAfterCloseIsAClearError() throws Exception {
    Orchestrator notStarted = Orchestrator.builder().agent(agent(ScriptedChatModel.builder().build())).build();
    assertThatThrownBy(() -> notStarted.query("hi")).hasMessageContaining("call start()");
    assertThatThrownBy(() -> notStarted.fileSaved(dir.resolve("a.rs"))).hasMessageContaining("call start()");
    notStarted.close();
    assertThatThrownBy(() -> notStarted.query("hi")).isInstanceOf(RejectedExecutionException.class);
  }
}
