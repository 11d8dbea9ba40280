package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.Approver.ApprovalRequest;

/** The built-in tools behind the agent's permission gate: nothing changes code or git without a yes. */
class BuiltinToolsGateTest {
  private static final String NEEDLESS_RETURN = "fn answer() -> i32 {\n    return 42;\n}\n\nfn main() {\n    println!(\"{}\", answer());\n}\n";

  @TempDir static Path targetDir;
  @TempDir Path workspace;

  private final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();

  private static ToolRegistry tools() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CARGO_TARGET_DIR", targetDir.toString());
    env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":" + System.getProperty("user.home") + "/.cargo/bin");
    return BuiltinTools.builder().environment(env).offline(true).build().registry();
  }

  private AgentResult run(String tool, String arguments, boolean approve) {
    ScriptedChatModel model = ScriptedChatModel.builder().thenToolCall(tool, arguments).thenText("done").build();
    return Agent.builder().chatModel(model).workspace(workspace).tools(tools())
        .permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND).build())
        .toolTimeout(Duration.ofSeconds(120))
        .approver(request -> {
          asked.add(request);
          return approve;
        })
        .build().run("use " + tool);
  }

  private void crate() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("Cargo.toml"), "[package]\nname = \"gate\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    Files.writeString(workspace.resolve("src/main.rs"), NEEDLESS_RETURN);
  }

  private String exec(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private void repoWithStagedChange() throws Exception {
    exec("git", "init", "-q", "-b", "main");
    exec("git", "config", "user.email", "agent@example.invalid");
    exec("git", "config", "user.name", "Gate Test");
    exec("git", "config", "commit.gpgsign", "false");
    Files.writeString(workspace.resolve("README.md"), "one\n");
    exec("git", "add", "README.md");
    exec("git", "commit", "-q", "-m", "initial");
    Files.writeString(workspace.resolve("README.md"), "two\n");
    exec("git", "add", "README.md");
  }

  @Test
  void clippyFixDoesNotTouchTheCodeWhenTheApproverSaysNo() throws Exception {
    crate();

    AgentResult result = run("clippy", "{\"fix\":true}", false);

    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(NEEDLESS_RETURN);
    assertThat(result.denials()).singleElement()
        .satisfies(d -> assertThat(d.actions()).contains(Action.MODIFY_CODE));
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.tool()).isEqualTo("clippy"));
  }

  @Test
  void clippyFixAppliesTheLintOnceApproved() throws Exception {
    crate();

    AgentResult result = run("clippy", "{\"fix\":true}", true);

    assertThat(result.status()).isEqualTo(AgentStatus.COMPLETED);
    assertThat(result.denials()).isEmpty();
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).doesNotContain("return").contains("42");
  }

  @Test
  void plainClippyRunsWithoutAsking() throws Exception {
    crate();

    AgentResult result = run("clippy", "{}", false);

    assertThat(asked).isEmpty();
    assertThat(result.denials()).isEmpty();
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(NEEDLESS_RETURN);
  }

  @Test
  void gitCommitDoesNotHappenWhenTheApproverSaysNo() throws Exception {
    repoWithStagedChange();

    AgentResult result = run("git", "{\"args\":[\"commit\",\"-m\",\"Agent change\"]}", false);

    assertThat(exec("git", "log", "--format=%s")).isEqualTo("initial\n");
    assertThat(result.denials()).singleElement()
        .satisfies(d -> assertThat(d.actions()).containsExactly(Action.GIT_WRITE));
  }

  @Test
  void gitCommitHappensOnceApproved() throws Exception {
    repoWithStagedChange();

    run("git", "{\"args\":[\"commit\",\"-m\",\"Agent change\"]}", true);

    assertThat(exec("git", "log", "--format=%s")).isEqualTo("Agent change\ninitial\n");
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.actions()).containsExactly(Action.GIT_WRITE));
  }

  @Test
  void gitStatusNeedsNoApproval() throws Exception {
    repoWithStagedChange();

    AgentResult result = run("git", "{\"args\":[\"status\"]}", false);

    assertThat(asked).isEmpty();
    assertThat(result.denials()).isEmpty();
  }

  @Test
  void editApprovalCarriesTheDiff() throws Exception {
    crate();

    run("edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"return 42;\",\"new_text\":\"42\"}", false);

    assertThat(asked).singleElement().satisfies(r -> assertThat(r.description())
        .contains("-    return 42;").contains("+    42"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(NEEDLESS_RETURN);
  }
}
