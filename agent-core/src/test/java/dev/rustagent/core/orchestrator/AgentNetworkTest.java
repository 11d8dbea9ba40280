package dev.rustagent.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.orchestrator.AgentNetwork.AgentMessage;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.core.orchestrator.HelperHandle.HelperResult;
import dev.rustagent.core.orchestrator.HelperHandle.HelperStatus;

class AgentNetworkTest {
  @TempDir Path dir;
  private AgentNetwork network;

  @AfterEach
  void close() {
    if (network != null) {
      network.close();
    }
  }

  private Agent parent(ScriptedChatModel model, PermissionPolicy policy) {
    return Agent.builder().chatModel(model).workspace(dir).permissionPolicy(policy).approver(Approver.approveAll())
        .tools(ToolRegistry.of(TestTools.readFile(), TestTools.writeFile())).build();
  }

  private AgentNetwork network(Agent parent, int concurrent, int spawned, Duration timeout) {
    network = AgentNetwork.builder().parent(parent).maxConcurrent(concurrent).maxSpawned(spawned).timeout(timeout).build();
    return network;
  }

  private static ChatResponse text(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
  }

  @Test
  void aHelperRunsItsTaskInItsOwnConversationAndReturnsTheResultToTheParent() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("tests written").build();
    network(parent(model, PermissionPolicy.defaults()), 2, 4, Duration.ofMinutes(1));
    HelperHandle helper = network.spawn(HelperSpec.of("write tests for parse_config").withContext("parse_config is in src/config.rs"));

    HelperResult result = helper.result().get(30, TimeUnit.SECONDS);
    assertThat(result.status()).isEqualTo(HelperStatus.COMPLETED);
    assertThat(result.answer()).isEqualTo("tests written");
    assertThat(helper.status()).isEqualTo(HelperStatus.COMPLETED);
    var messages = model.lastRequest().messages();
    assertThat(messages).hasSize(2);
    assertThat(((SystemMessage) messages.get(0)).text()).contains("parse_config is in src/config.rs");
  }

  @Test
  void aHelpersProgressCountsItsModelAndToolCallsAndNamesTheLastTool() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("a.rs"), "fn a() {}");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"a.rs\"}").thenToolCall("read_file", "{\"path\":\"a.rs\"}")
        .thenText("read twice").build();
    network(parent(model, PermissionPolicy.defaults()), 2, 4, Duration.ofMinutes(1));
    HelperHandle helper = network.spawn(HelperSpec.of("read a.rs twice"));
    HelperHandle.Progress before = helper.progress();

    helper.result().get(30, TimeUnit.SECONDS);

    assertThat(before.toolCalls()).isZero();
    assertThat(helper.progress()).isEqualTo(new HelperHandle.Progress(3, 2, "read_file"));
    assertThat(helper.progress().describe()).isEqualTo("3 steps, 2 tools, last read_file");
  }

  @Test
  void aHelperOnlySeesTheToolsItWasGranted() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", "{\"path\":\"x.rs\",\"content\":\"fn x() {}\"}").thenText("done").build();
    network(parent(model, PermissionPolicy.defaults()), 2, 4, Duration.ofMinutes(1));
    HelperResult result = network.spawn(HelperSpec.of("read only work").withTools(Set.of("read_file")))
        .result().get(30, TimeUnit.SECONDS);

    assertThat(model.requests().get(0).toolSpecifications()).extracting(s -> s.name()).containsExactly("read_file");
    AgentStep.ToolOutcome outcome = result.run().steps(AgentStep.ToolOutcome.class).get(0);
    assertThat(outcome.result().isError()).isTrue();
    assertThat(outcome.result().text()).contains("unknown tool 'write_file'");
    assertThat(dir.resolve("x.rs")).doesNotExist();
  }

  @Test
  void askingForAToolTheParentWasNotGrantedIsRefusedAtSpawn() {
    network(parent(ScriptedChatModel.builder().build(), PermissionPolicy.defaults()), 2, 4, Duration.ofMinutes(1));
    assertThatThrownBy(() -> network.spawn(HelperSpec.of("push it").withTools(Set.of("read_file", "git"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tools its parent was not granted: [git]");
    assertThat(network.helpers()).isEmpty();
  }

  @Test
  void aHelpersPermissionsCanBeNarrowedButKeepTheParentsDenials() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", "{\"path\":\"x.rs\",\"content\":\"fn x() {}\"}").thenText("could not write")
        .build();
    PermissionPolicy parentPolicy = PermissionPolicy.builder().allow(Action.MODIFY_CODE).build();
    network(parent(model, parentPolicy), 2, 4, Duration.ofMinutes(1));
    HelperResult result = network.spawn(HelperSpec.of("write x").denying(Set.of(Action.MODIFY_CODE)))
        .result().get(30, TimeUnit.SECONDS);

    assertThat(result.run().denials()).singleElement().satisfies(d -> assertThat(d.reason()).contains("denied by policy"));
    assertThat(dir.resolve("x.rs")).doesNotExist();
    assertThatThrownBy(() -> HelperSpec.of("x").denying(Set.of(Action.READ))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spawningBeyondMaxSpawnedAgentsIsRefusedWithAClearMessage() {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> {
      await(release);
      return text("ok");
    }).build();
    network(parent(model, PermissionPolicy.defaults()), 1, 2, Duration.ofMinutes(1));
    network.spawn(HelperSpec.of("one"));
    network.spawn(HelperSpec.of("two"));
    assertThatThrownBy(() -> network.spawn(HelperSpec.of("three")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 2");
    release.countDown();
  }

  @Test
  void noMoreThanMaxConcurrentHelpersRunAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inModel = new AtomicInteger();
    AtomicInteger maxInModel = new AtomicInteger();
    CountDownLatch twoIn = new CountDownLatch(2);
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> {
      maxInModel.accumulateAndGet(inModel.incrementAndGet(), Math::max);
      twoIn.countDown();
      await(release);
      inModel.decrementAndGet();
      return text("ok");
    }).build();
    network(parent(model, PermissionPolicy.defaults()), 2, 10, Duration.ofMinutes(1));
    for (int i = 0; i < 6; i++) {
      network.spawn(HelperSpec.of("task " + i));
    }
    assertThat(twoIn.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(network.helpers()).filteredOn(h -> h.status() == HelperStatus.QUEUED).hasSize(4);
    release.countDown();
    for (HelperHandle h : network.helpers()) {
      assertThat(h.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(HelperStatus.COMPLETED);
    }
    assertThat(maxInModel.get()).isEqualTo(2);
  }

  @Test
  void aHelperThatHangsIsStoppedByTheTimeoutAndFails() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> {
      await(new CountDownLatch(1));
      return text("never");
    }).build();
    network(parent(model, PermissionPolicy.defaults()), 1, 4, Duration.ofMillis(200));
    HelperHandle hung = network.spawn(HelperSpec.of("hang"));

    HelperResult result = hung.result().get(30, TimeUnit.SECONDS);
    assertThat(result.status()).isEqualTo(HelperStatus.FAILED);
    assertThat(result.reason()).contains("timed out after 200 ms");
  }

  @Test
  void aHelperWhoseModelFailsReportsTheFailure() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenFail(new IllegalArgumentException("model refused the request")).build();
    network(parent(model, PermissionPolicy.defaults()), 1, 4, Duration.ofMinutes(1));
    HelperResult result = network.spawn(HelperSpec.of("fail")).result().get(30, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(HelperStatus.FAILED);
    assertThat(result.reason()).contains("model refused the request");
  }

  @Test
  void cancellingAQueuedHelperMeansItNeverRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> {
      started.countDown();
      await(release);
      return text("ok");
    }).build();
    network(parent(model, PermissionPolicy.defaults()), 1, 4, Duration.ofMinutes(1));
    HelperHandle first = network.spawn(HelperSpec.of("first"));
    HelperHandle second = network.spawn(HelperSpec.of("second"));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    second.cancel();
    release.countDown();

    assertThat(first.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(HelperStatus.COMPLETED);
    assertThat(second.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(HelperStatus.CANCELLED);
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void helpersAnswerRequestsAndSeeSharedKnowledge() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("the config parser is done")
        .then(request -> text("it handles key = value lines"))
        .thenText("second helper done")
        .build();
    network(parent(model, PermissionPolicy.defaults()), 1, 4, Duration.ofMinutes(1));
    HelperHandle first = network.spawn(HelperSpec.of("write the parser"));
    first.result().get(30, TimeUnit.SECONDS);

    String reply = network.request(AgentNetwork.PARENT, first.id(), "what format do you parse?").get(30, TimeUnit.SECONDS);
    assertThat(reply).isEqualTo("it handles key = value lines");
    network.shareKnowledge(first.id(), "config files use key = value lines");
    network.spawn(HelperSpec.of("document the parser")).result().get(30, TimeUnit.SECONDS);

    assertThat(((SystemMessage) model.lastRequest().messages().get(0)).text())
        .contains("config files use key = value lines (from helper-1)");
    assertThat(network.messages()).hasSize(2).first().isInstanceOf(AgentMessage.Request.class);
  }

  @Test
  void helpersAskEachOtherAndShareKnowledgeThroughTheirTools() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("the parser is done")
        .thenToolCall("ask_agent", "{\"to\":\"helper-1\",\"question\":\"which format?\"}")
        .thenText("key = value lines")
        .thenToolCall("share_knowledge", "{\"fact\":\"config uses key = value lines\"}")
        .thenText("documented")
        .build();
    network = AgentNetwork.builder().parent(parent(model, PermissionPolicy.defaults())).maxConcurrent(1)
        .messagingTools(true).build();
    network.spawn(HelperSpec.of("write the parser")).result().get(30, TimeUnit.SECONDS);
    HelperResult second = network.spawn(HelperSpec.of("document the parser").withTools(Set.of("read_file")))
        .result().get(30, TimeUnit.SECONDS);

    assertThat(second.answer()).isEqualTo("documented");
    assertThat(second.run().steps(AgentStep.ToolOutcome.class)).extracting(o -> o.result().text())
        .containsExactly("key = value lines", "shared with the network");
    assertThat(network.messages()).extracting(AgentMessage::from).containsExactly("helper-2", "helper-2");
    assertThat(model.requests().get(1).toolSpecifications()).extracting(t -> t.name())
        .containsExactly("read_file", "ask_agent", "share_knowledge");
    assertThat(((SystemMessage) model.requests().get(1).messages().get(0)).text())
        .contains("You are helper-2").contains("helper-1 (completed): write the parser");
  }

  @Test
  void aLongLivedNetworkForgetsTheOldestFinishedHelpers() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(request -> text("ok")).build();
    network(parent(model, PermissionPolicy.defaults()), 4, 8, Duration.ofMinutes(1));
    for (int i = 0; i < AgentNetwork.MAX_RETAINED + 10; i++) {
      network.spawn(HelperSpec.of("task " + i)).result().get(30, TimeUnit.SECONDS);
    }
    assertThat(network.helpers()).hasSizeLessThanOrEqualTo(AgentNetwork.MAX_RETAINED);
    assertThat(network.helpers().get(network.helpers().size() - 1).spec().task())
        .isEqualTo("task " + (AgentNetwork.MAX_RETAINED + 9));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
