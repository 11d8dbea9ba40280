package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}, {@code debug} and {@code chat} recall and record through the H2 memory under the data dir. */
class AgentCommandMemoryTest {
  private static final String ANSWER = "Borrow the vector with &words instead of moving it.";

  @TempDir Path data;
  @TempDir Path workspace;

  private final CapturedCli cli = new CapturedCli();
  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private int runLive(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--llm-url", proxy.baseUrl(),
        "--data-dir", data.toString(), "--workspace", workspace.toString(), "--approve", "none"));
    args.addAll(List.of(extra));
    args.add("fix E0382 in the parser");
    return cli.execute(args.toArray(String[]::new));
  }

  private Path memoryFile() {
    return data.resolve(AgentMemory.H2_FILE_NAME + ".mv.db").toAbsolutePath().normalize();
  }

  @Test
  void aLiveRunIsRecordedInTheDataDirAndRecalledByTheNextRun() {
    proxy.enqueue(FakeResponse.text(ANSWER), FakeResponse.text("Done again."));

    assertThat(runLive()).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(runLive()).isEqualTo(RustAgentCli.EXIT_OK);

    List<RecordedRequest> requests = proxy.messageRequests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body()).doesNotContain(ANSWER);
    assertThat(requests.get(1).json().path("system").toString())
        .contains("fix E0382 in the parser").contains(ANSWER);
    assertThat(memoryFile()).exists();
  }

  @Test
  void noMemoryNeitherRecallsNorCreatesTheDatabase() {
    proxy.enqueue(FakeResponse.text(ANSWER), FakeResponse.text("Done again."));

    assertThat(runLive("--no-memory")).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(runLive("--no-memory")).isEqualTo(RustAgentCli.EXIT_OK);

    assertThat(proxy.messageRequests().get(1).body()).doesNotContain(ANSWER);
    assertThat(memoryFile()).doesNotExist();
  }

  @Test
  void theDemoKeepsItsMemoryInTheProcessAndLeavesTheDataDirAlone() {
    int code = cli.execute("run", "--demo", "--data-dir", data.toString(), "--approve", "none", "change the greeting");

    assertThat(code).isIn(RustAgentCli.EXIT_OK, RustAgentCli.EXIT_STOPPED);
    assertThat(cli.out()).contains("memory in this process only (your data dir is not touched)");
    assertThat(memoryFile()).doesNotExist();
  }

  @Test
  void runWithAMemoryOpenElsewhereFailsNamingTheFile() {
    try (AgentMemory held = AgentMemory.h2(data)) {
      assertThat(runLive()).isEqualTo(RustAgentCli.EXIT_FAILED);
    }

    assertThat(cli.err()).contains("cannot open the agent's memory").contains(memoryFile().toString())
        .contains("--no-memory");
    assertThat(proxy.messageRequests()).isEmpty();
  }

  @Test
  void runWithACorruptedMemoryFailsNamingTheFileAndLeavesItAlone() throws Exception {
    byte[] garbage = new byte[4096];
    Files.write(memoryFile(), garbage);

    assertThat(runLive()).isEqualTo(RustAgentCli.EXIT_FAILED);

    assertThat(cli.err()).contains("cannot open the agent's memory").contains(memoryFile().toString());
    assertThat(Files.readAllBytes(memoryFile())).isEqualTo(garbage);
  }

  @Test
  void debugWithAMemoryOpenElsewhereFailsNamingTheFile() throws Exception {
    Files.writeString(workspace.resolve("Cargo.toml"), "[package]\nname = \"x\"\nversion = \"0.1.0\"\n");

    try (AgentMemory held = AgentMemory.h2(data)) {
      int code = cli.execute("debug", "--llm-url", proxy.baseUrl(), "--data-dir", data.toString(),
          "--workspace", workspace.toString(), "--approve", "none");
      assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    }

    assertThat(cli.err()).contains("cannot open the agent's memory").contains(memoryFile().toString());
  }

  @Test
  void chatWithAMemoryOpenElsewhereFailsNamingTheFile() {
    try (AgentMemory held = AgentMemory.h2(data)) {
      int code = cli.chat("hello\n/quit\n", "--llm-url", proxy.baseUrl(), "--data-dir", data.toString(),
          "--workspace", workspace.toString(), "--approve", "none");
      assertThat(code).isEqualTo(RustAgentCli.EXIT_FAILED);
    }

    assertThat(cli.err()).contains("cannot open the agent's memory").contains(memoryFile().toString());
    assertThat(cli.out()).doesNotContain("you>");
  }

  @Test
  void chatRecordsEachAnswerInTheDataDir() {
    proxy.enqueue(FakeResponse.text(ANSWER));

    int code = cli.chat("fix E0382 in the parser\n/quit\n", "--llm-url", proxy.baseUrl(),
        "--data-dir", data.toString(), "--workspace", workspace.toString(), "--approve", "none");

    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
    try (AgentMemory memory = AgentMemory.h2(data)) {
      assertThat(memory.episodes().similar("E0382 parser", 5))
          .anySatisfy(hit -> assertThat(hit.value().interaction().agentResponse()).contains(ANSWER));
    }
  }
}
