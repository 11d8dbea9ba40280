package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.core.Agent;
import dev.rustagent.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.server.AgentServer.AgentFactory;

/** The builder checks each setting at once; the token is generated once, kept private and reused. */
class AgentServerBuilderTest {
  @TempDir
  Path dir;

  private AgentFactory factory() {
    return approver -> Agent.builder().chatModel(ScriptedChatModel.builder().otherwise(r -> null).build())
        .workspace(dir).approver(approver).build();
  }

  @Test
  void settingsAreCheckedWhenSet() {
    AgentServer.Builder b = AgentServer.builder();
    assertThatThrownBy(() -> b.port(70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> b.token("short")).hasMessageContaining("16 to 256");
    assertThatThrownBy(() -> b.maxBodyBytes(10)).hasMessageContaining("max body bytes");
    assertThatThrownBy(() -> b.maxQueuedRuns(0)).hasMessageContaining("max queued runs");
    assertThatThrownBy(() -> b.approvalTimeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> b.allowOrigin("https://ide.example/path")).hasMessageContaining("no path");
    assertThatThrownBy(() -> b.host(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> b.tokenBatchDelay(Duration.ZERO)).hasMessageContaining("token batch delay must be positive");
    assertThatThrownBy(() -> b.tokenBatchDelay(Duration.ofMillis(-5))).hasMessageContaining("positive");
    assertThatThrownBy(() -> b.tokenBatchDelay(Duration.ofMinutes(2))).hasMessageContaining("at most 1 minute");
  }

  @Test
  void aFactoryAndATokenOrDataDirAreRequired() {
    assertThatThrownBy(() -> AgentServer.builder().build()).hasMessageContaining("agent factory");
    assertThatThrownBy(() -> AgentServer.builder().agentFactory(factory()).build()).hasMessageContaining("dataDir");
  }

  @Test
  void aGeneratedTokenIsStoredOwnerOnlyAndReusedAtTheNextStart() throws Exception {
    String first;
    try (AgentServer server = AgentServer.builder().agentFactory(factory()).dataDir(dir.resolve("data")).port(0)
        .build().start()) {
      first = server.token();
      assertThat(server.link().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/?token=" + first);
    }
    Path file = dir.resolve("data").resolve(ServerToken.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (AgentServer again = AgentServer.builder().agentFactory(factory()).dataDir(dir.resolve("data")).port(0)
        .build().start()) {
      assertThat(again.token()).isEqualTo(first).hasSizeGreaterThanOrEqualTo(32);
    }
  }

  @Test
  void aGivenTokenWinsOverTheStoredOne() {
    try (AgentServer server = AgentServer.builder().agentFactory(factory()).dataDir(dir).token("given-token-0123456789")
        .port(0).build().start()) {
      assertThat(server.token()).isEqualTo("given-token-0123456789");
    }
  }

  @Test
  void theWorkspaceIsFixedByTheFactoryAtStart() {
    try (AgentServer server = AgentServer.builder().agentFactory(factory()).token("given-token-0123456789").port(0)
        .build().start()) {
      assertThat(server.workspace()).isEqualTo(dir.toAbsolutePath().normalize());
    }
  }

  @Test
  void aBusyPortIsAClearError() {
    try (AgentServer first = AgentServer.builder().agentFactory(factory()).token("given-token-0123456789").port(0)
        .build().start()) {
      AgentServer second = AgentServer.builder().agentFactory(factory()).token("given-token-0123456789")
          .port(first.port()).build();
      assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
    }
  }
}
