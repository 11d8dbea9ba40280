package dev.rustagent.core.adversarial;

import static dev.rustagent.core.adversarial.Hostile.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 §1: a cargo run that checked nothing is a failure with cargo's own error, never "clean". */
class FailedCommandsAreFailuresTest {
  @TempDir static Path targetDir;
  @TempDir Path dir;

  private static final PermissionPolicy COMMANDS = PermissionPolicy.builder().allow(Action.RUN_COMMAND).build();

  @BeforeAll
  static void cargo() {
    Hostile.requireCargo();
  }

  private WorkflowResult debug(Path workspace, Hostile hostile, Duration toolTimeout) {
    Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).workspace(workspace)
        .tools(hostile.registry()).permissionPolicy(COMMANDS).toolTimeout(toolTimeout).build();
    return DebuggingWorkflow.builder().agent(agent).build().run();
  }

  @Test
  void malformedManifestFailsTheDebugWorkflowWithCargosError() throws Exception {
    Path crate = Hostile.crate(dir, "broken", "");
    Files.writeString(crate.resolve("Cargo.toml"), "[package\nname = \"broken\"\n");

    WorkflowResult result = debug(crate, new Hostile(crate, targetDir), Duration.ofSeconds(120));

    assertThat(result.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(result.summary()).doesNotContain("clean").contains("Cargo.toml");
  }

  @Test
  void panickingBuildScriptFailsWithItsMessage() throws Exception {
    Path crate = Hostile.crate(dir, "panics", "");
    Files.writeString(crate.resolve("build.rs"), "fn main() { panic!(\"build script exploded on purpose\"); }\n");

    WorkflowResult result = debug(crate, new Hostile(crate, targetDir), Duration.ofSeconds(120));

    assertThat(result.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(result.summary()).contains("build script exploded on purpose");
  }

  @Test
  void buildScriptHangingPastTheTimeoutIsAFailure() throws Exception {
    Path crate = Hostile.crate(dir, "hangs", "");
    Files.writeString(crate.resolve("build.rs"),
        "fn main() { std::thread::sleep(std::time::Duration::from_secs(600)); }\n");

    WorkflowResult result = debug(crate, new Hostile(crate, targetDir), Duration.ofSeconds(20));

    assertThat(result.status()).isNotEqualTo(WorkflowStatus.SUCCEEDED).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void toolchainThatCannotStartIsAFailure() throws Exception {
    Path crate = Hostile.crate(dir.resolve("crate"), "notoolchain", "");
    Path fakeCargo = dir.resolve("bin/cargo");
    Files.createDirectories(fakeCargo.getParent());
    Files.writeString(fakeCargo, "#!/bin/sh\necho 'error: rustup could not choose a version of cargo to run, "
        + "because none was specified explicitly, and no default is configured.' >&2\nexit 1\n");
    Files.setPosixFilePermissions(fakeCargo, PosixFilePermissions.fromString("rwxr-xr-x"));
    Hostile hostile = new Hostile(crate, targetDir).tools(b -> b.cargo(fakeCargo.toString()));

    WorkflowResult result = debug(crate, hostile, Duration.ofSeconds(60));

    assertThat(result.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(result.summary()).contains("no default is configured");
  }

  @Test
  void missingCargoIsSaidAsSuch() throws Exception {
    Path crate = Hostile.crate(dir, "nocargo", "");
    Hostile hostile = new Hostile(crate, targetDir).tools(b -> b.cargo("/nonexistent/bin/cargo"));

    WorkflowResult result = debug(crate, hostile, Duration.ofSeconds(60));

    assertThat(result.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(result.summary()).contains("cargo is not installed").doesNotContain("register");
  }

  @Test
  void workspaceWithoutManifestNeverBuildsTheParentCrate() throws Exception {
    Path parent = Hostile.crate(dir, "parent", "");
    Path marker = dir.resolve("parent-build-script-ran");
    Files.writeString(parent.resolve("build.rs"), "fn main() { std::fs::write(\"" + marker + "\", \"ran\").unwrap(); }\n");
    Path workspace = Files.createDirectories(parent.resolve("sub"));
    Hostile hostile = new Hostile(workspace, targetDir);

    AgentResult result = hostile.run(COMMANDS, Approver.denyAll(),
        call("cargo", "{\"subcommand\":\"check\"}"), call("clippy", "{}"),
        call("shell", "{\"argv\":[\"cargo\",\"build\"]}"), call("shell", "{\"argv\":[\"env\",\"cargo\",\"check\"]}"));

    assertThat(marker).doesNotExist();
    assertThat(Hostile.nothingSucceeded(result)).isTrue();
    assertThat(Hostile.toolOutput(result)).contains("no Cargo.toml");
  }

  @Test
  void cargoArgumentsPointingOutsideAreRefusedInEverySpelling() throws Exception {
    Path workspace = Hostile.crate(dir.resolve("ws"), "inside", "");
    Path outside = dir.resolve("outside-target");
    Hostile hostile = new Hostile(workspace, targetDir);

    AgentResult result = hostile.run(COMMANDS, Approver.denyAll(),
        call("cargo", "{\"subcommand\":\"build\",\"args\":[\"--target-dir\",\"" + outside + "\"]}"),
        call("cargo", "{\"subcommand\":\"build\",\"args\":[\"--target-dir=../outside-target\"]}"),
        call("cargo", "{\"subcommand\":\"check\",\"args\":[\"--manifest-path\",\"../ws/Cargo.toml\"]}"),
        call("cargo", "{\"subcommand\":\"check\",\"args\":[\"--config\",\"build.target-dir='/tmp/x'\"]}"),
        call("clippy", "{\"args\":[\"--target-dir\",\"" + outside + "\"]}"),
        call("shell", "{\"argv\":[\"cargo\",\"build\",\"--target-dir\",\"" + outside + "\"]}"),
        call("shell", "{\"argv\":[\"env\",\"CARGO_TARGET_DIR=" + outside + "\",\"cargo\",\"build\"]}"),
        call("shell", "{\"argv\":[\"sh\",\"-c\",\"CARGO_TARGET_DIR=" + outside + " cargo build\"]}"),
        call("shell", "{\"argv\":[\"timeout\",\"100\",\"cargo\",\"build\",\"--config=build.target-dir='x'\"]}"));

    assertThat(outside).doesNotExist();
    assertThat(Hostile.nothingSucceeded(result)).isTrue();
  }
}
