package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10 §4–§6 through the real command line: a scripted model (over HTTP, by the fake Anthropic
 * server) and files of the workspace inject escape codes and secrets; nothing of it may reach the
 * terminal raw, and trajectories and exports hold no secret.
 */
class AdversarialCliTest {
  private static final String KEY = "sk-ant-api03-" + "K".repeat(48);
  private static final String GH = "ghp_" + "g".repeat(36);
  private static final String SPOOF = "\u001b[2J\u001b[1;1H\u001b]0;owned\u0007\u202Egnp.txt\u009b31m\rREADME fix\b";

  @TempDir Path workspace;
  @TempDir Path data;

  private final CapturedCli cli = new CapturedCli();
  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();

  @AfterEach
  void stop() {
    proxy.close();
  }

  private static void assertNothingRaw(String printed) {
    assertThat(printed).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E")
        .doesNotContain("\u009b").doesNotContain("\r").doesNotContain("\b")
        .doesNotContain(KEY).doesNotContain(GH).doesNotContain("hunter22");
  }

  private String[] run(String approve, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--llm-url", proxy.baseUrl(),
        "--no-memory", "--no-art", "--workspace", workspace.toString(), "--approve", approve));
    args.addAll(java.util.List.of(extra));
    args.add("look at the notes");
    return args.toArray(String[]::new);
  }

  @Test
  void toolOutputAndAnswersWithEscapeCodesAndSecretsAreShownEscapedAndRedacted() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "token " + GH + "\n" + SPOOF + "\nANTHROPIC_API_KEY=" + KEY
        + "\ndb jdbc:postgresql://agent:hunter22@db/x\n");
    proxy.enqueue(FakeResponse.toolUse("t1", "read_file", "{\"path\":\"notes.txt\"}"),
        FakeResponse.text("Done " + SPOOF + " with " + KEY));

    int code = cli.execute(run("none"));

    assertNothingRaw(cli.out());
    assertNothingRaw(cli.err());
    assertThat(cli.out()).contains("\\u001B[2J").contains("\\u202E").contains("sk-ant-[REDACTED]");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void jsonOutputCarriesNoRawControlCharacterAndNoSecret() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), SPOOF + " " + KEY);
    proxy.enqueue(FakeResponse.toolUse("t1", "read_file", "{\"path\":\"notes.txt\"}"), FakeResponse.text(SPOOF));

    cli.execute(run("none", "--json"));

    assertNothingRaw(cli.out());
    assertThat(cli.out()).contains("\\u001B");
  }

  @Test
  void anApprovalNamesTheFileAndKindOfChangeThatEscapeCodesInThePatchTryToHide() {
    String patch = "--- /dev/null\n+++ b/build.rs\n@@ -0,0 +1,2 @@\n+fn main() {}\n+// \u001b[3A\u001b[2K"
        + "? The agent wants to use edit_file: README.md typo fix\n";
    proxy.enqueue(FakeResponse.toolUse("t1", "apply_patch", jsonString("patch", patch)),
        FakeResponse.text("ok"));

    cli.chat("fix the readme\nn\n/quit\n", "--llm-url", proxy.baseUrl(), "--no-memory", "--no-art", "--workspace",
        workspace.toString(), "--approve", "ask");

    assertThat(cli.out()).contains("change: create 'build.rs'").doesNotContain("\u001b");
    assertThat(workspace.resolve("build.rs")).doesNotExist();
  }

  @Test
  void chatPrintsStreamedTextOnceEscapedAndRedacted() {
    proxy.respondWith(request -> FakeResponse.message().text("Unique-answer-7 " + SPOOF + " key " + KEY + "\nline two")
        .chunkSize(3).build());

    int code = cli.chat("hello\n/quit\n", "--llm-url", proxy.baseUrl(), "--no-memory", "--no-art", "--workspace",
        workspace.toString(), "--approve", "none");

    String out = cli.out();
    assertNothingRaw(out);
    assertThat(out.split("Unique-answer-7", -1)).hasSize(2);
    assertThat(out).contains("line two");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void secretsInToolOutputNeverReachTrajectoriesOrExports() throws Exception {
    Files.writeString(workspace.resolve("build.log"), "build.rs: ANTHROPIC_API_KEY=" + KEY + " GITHUB_TOKEN=" + GH);
    Path mission = workspace.resolve("mission.yaml");
    Files.writeString(mission, "name: leak\nobjective: read build.log and report\n");
    proxy.respondWith(request -> request.body().contains("tool_result")
        ? FakeResponse.text("The log says " + KEY)
        : FakeResponse.toolUse("t" + System.nanoTime(), "read_file", "{\"path\":\"build.log\"}"));
    Path art = data.resolve("art");

    assertThat(cli.execute("art", "init", "--data-dir", art.toString())).isZero();
    int ran = cli.execute("art", "run", mission.toString(), "--data-dir", art.toString(), "--llm-url", proxy.baseUrl(),
        "--workspace", workspace.toString(), "--runs", "2");
    Path export = data.resolve("sft.jsonl");
    int exported = cli.execute("art", "export", "--format", "art", "--data-dir", art.toString(), "--output",
        export.toString());

    assertThat(ran).isZero();
    assertThat(exported).isZero();
    assertThat(Files.readString(export)).contains("[REDACTED]").doesNotContain(KEY).doesNotContain(GH);
    try (var files = Files.walk(art)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
            .as(f.toString()).doesNotContain(KEY).doesNotContain(GH);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run --max-iterations 0 x",
      "run --max-iterations 99999999999 x",
      "debug --max-rounds 100000",
      "memory search --limit 0 q",
      "memory search --limit 2147483647 q",
      "art stats --top -1",
      "art run m.yaml --runs 0",
      "art export --format sft --min-reward NaN",
      "art train --command true --epochs 2000000000",
      "art train --command true --timeout PT99999999H",
      "art train --command true --timeout PT-5S",
      "art train --command true --learning-rate Infinity"})
  void absurdOptionValuesAreUsageErrors(String line) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(line.split(" ")));
    if (args.get(0).equals("memory") || args.get(0).equals("art")) {
      args.add(2, "--data-dir");
      args.add(3, data.toString());
    }

    assertThat(cli.execute(args.toArray(String[]::new))).as(cli.err()).isEqualTo(RustAgentCli.EXIT_USAGE);
  }

  @Test
  void ctrlCCancelsTheRunKillsTheToolProcessAndExitsThree() throws Exception {
    proxy.enqueue(FakeResponse.toolUse("t1", "shell", "{\"argv\":[\"sleep\",\"300\"]}"), FakeResponse.text("never"));

    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cli.execute(run("all")));
    ProcessHandle sleeper = awaitChild("sleep", Duration.ofSeconds(60)).orElseThrow(
        () -> new AssertionError("the tool process never started: " + cli.out() + cli.err()));
    sun.misc.Signal.raise(new sun.misc.Signal("INT"));
    int code = running.get(120, TimeUnit.SECONDS);

    assertThat(code).isEqualTo(RustAgentCli.EXIT_STOPPED);
    assertThat(cli.out()).contains("[CANCELLED]");
    assertThat(sleeper.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
  }

  @Test
  void ctrlCInChatCancelsTheTurnAndTheChatGoesOn() throws Exception {
    proxy.enqueue(FakeResponse.toolUse("t1", "shell", "{\"argv\":[\"sleep\",\"301\"]}"),
        FakeResponse.text("second answer"));
    java.io.PipedWriter typed = new java.io.PipedWriter();
    java.io.BufferedReader input = new java.io.BufferedReader(new java.io.PipedReader(typed));
    typed.write("run something slow\n");
    typed.flush();

    CompletableFuture<Integer> chatting = CompletableFuture.supplyAsync(() -> cli.execute(
        c -> c.getSubcommands().get("chat").<ChatCommand>getCommand().input = input,
        "chat", "--llm-url", proxy.baseUrl(), "--no-memory", "--no-art", "--workspace", workspace.toString(),
        "--approve", "all"));
    ProcessHandle sleeper = awaitChild("sleep", Duration.ofSeconds(60)).orElseThrow(
        () -> new AssertionError("the tool process never started: " + cli.out() + cli.err()));
    sun.misc.Signal.raise(new sun.misc.Signal("INT"));
    assertThat(sleeper.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    typed.write("and now?\n/quit\n");
    typed.close();
    int code = chatting.get(120, TimeUnit.SECONDS);

    assertThat(cli.out()).contains("[CANCELLED]").contains("second answer").contains("bye");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  private static Optional<ProcessHandle> awaitChild(String command, Duration limit) throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      Optional<ProcessHandle> found = ProcessHandle.current().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/" + command)).orElse(false)).findFirst();
      if (found.isPresent()) {
        return found;
      }
      Thread.sleep(50);
    }
    return Optional.empty();
  }

  private static String jsonString(String field, String value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put(field, value).toString();
    } catch (RuntimeException e) {
      throw new AssertionError(e);
    }
  }
}
