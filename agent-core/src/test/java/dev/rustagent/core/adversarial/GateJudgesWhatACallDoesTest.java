package dev.rustagent.core.adversarial;

import static dev.rustagent.core.adversarial.Hostile.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 10 §2: the gate judges what a call does, whatever it claims and however it is spelled. */
class GateJudgesWhatACallDoesTest {
  @TempDir static Path targetDir;
  @TempDir Path dir;

  private Path workspace;
  private Path secret;

  private Hostile repo() throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    Hostile.gitRepo(workspace);
    secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-OUTSIDE-THE-WORKSPACE\n");
    return new Hostile(workspace, targetDir);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[\"diff\",\"README.md\",\"%s\"]",
      "[\"diff\",\"--no-index\",\"README.md\",\"%s\"]",
      "[\"diff\",\"--no-ind\",\"README.md\",\"%s\"]",
      "[\"diff\",\"--\",\"README.md\",\"%s\"]",
      "[\"diff\",\"README.md\",\"../secret.txt\"]",
      "[\"blame\",\"--contents\",\"%s\",\"README.md\"]",
      "[\"blame\",\"--content=%s\",\"README.md\"]",
      "[\"blame\",\"--cont\",\"%s\",\"README.md\"]",
      "[\"log\",\"--output=%s\"]",
      "[\"log\",\"--outp=%s\",\"-p\"]",
      "[\"show\",\"--ext-diff\"]",
      "[\"diff\",\"-O%s\"]",
      "[\"status\",\"--\",\"%s\"]"})
  void readOnlyGitNeverReadsOrWritesOutsideTheWorkspace(String args) throws Exception {
    Hostile hostile = repo();
    String json = "{\"args\":" + args.replace("%s", secret.toString()) + "}";
    Map<String, String> before = Hostile.snapshot(dir);

    AgentResult result = hostile.run(PermissionPolicy.defaults(), Approver.denyAll(), call("git", json));

    assertThat(Hostile.toolOutput(result)).doesNotContain("TOP-SECRET");
    assertThat(Hostile.nothingSucceeded(result)).isTrue();
    assertThat(Hostile.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void abbreviatedAllowedOptionsAreWrittenInFullAndWork() throws Exception {
    Hostile hostile = repo();
    Files.writeString(workspace.resolve("README.md"), "changed\n");

    AgentResult result = hostile.run(PermissionPolicy.readOnly(), null,
        call("git", "{\"args\":[\"diff\",\"--name-on\"]}"));

    assertThat(Hostile.toolOutput(result)).contains("README.md");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"apply\",\"--stat\",\"--apply\",\"p.patch\"]", "[\"apply\",\"--check\",\"--ap\",\"p.patch\"]",
      "[\"apply\",\"--numstat\",\"--apply\",\"--index\",\"p.patch\"]"})
  void gitApplyThatWritesIsAWriteWhateverElseItAsks(String args) throws Exception {
    Hostile hostile = repo();
    Files.writeString(workspace.resolve("p.patch"),
        "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-hello\n+pwned\n");
    Map<String, String> before = Hostile.snapshot(workspace);

    AgentResult result = hostile.run(PermissionPolicy.readOnly(), null, call("git", "{\"args\":" + args + "}"));

    assertThat(Hostile.snapshot(workspace)).isEqualTo(before);
    assertThat(decisions(result)).allSatisfy(d -> {
      assertThat(d.actions()).contains(Action.GIT_WRITE);
      assertThat(d.allowed()).isFalse();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"args\":[\"--fix\",\"--allow-dirty\"]}", "{\"args\":[\"--all-targets\",\"--fix\"]}",
      "{\"fix\":true}"})
  void clippyThatFixesModifiesCode(String json) throws Exception {
    Hostile hostile = new Hostile(Hostile.crate(dir, "clip", ""), targetDir);

    AgentResult result = hostile.run(PermissionPolicy.builder().allow(Action.RUN_COMMAND).deny(Action.MODIFY_CODE).build(),
        null, call("clippy", json));

    assertThat(decisions(result)).singleElement().satisfies(d -> {
      assertThat(d.actions()).contains(Action.MODIFY_CODE);
      assertThat(d.allowed()).isFalse();
    });
  }

  @Test
  void cargoCleanModifiesCode() throws Exception {
    Hostile hostile = new Hostile(Hostile.crate(dir, "clean", ""), targetDir);

    AgentResult result = hostile.run(PermissionPolicy.builder().allow(Action.RUN_COMMAND).deny(Action.MODIFY_CODE).build(),
        null, call("cargo", "{\"subcommand\":\"clean\"}"));

    assertThat(decisions(result)).singleElement().satisfies(d -> assertThat(d.allowed()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tools/cargo", "./tools/cargo", "tools/../tools/cargo"})
  void aRuleNamingAProgramNeverMatchesAWorkspaceScriptOfThatName(String program) throws Exception {
    workspace = Hostile.crate(dir, "rules", "");
    Path marker = dir.resolve("script-ran");
    Path script = Files.createDirectories(workspace.resolve("tools")).resolve("cargo");
    Files.writeString(script, "#!/bin/sh\ntouch " + marker + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    PermissionPolicy policy = PermissionPolicy.builder().allow("shell(cargo test:*)").build();

    AgentResult result = new Hostile(workspace, targetDir).run(policy, Approver.denyAll(),
        call("shell", "{\"argv\":[\"" + program + "\",\"test\"]}"));

    assertThat(marker).doesNotExist();
    assertThat(decisions(result)).singleElement().satisfies(d -> assertThat(d.allowed()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"rm\",\"-Rf\",\"victim\"]", "[\"rm\",\"-r\",\"-f\",\"victim\"]",
      "[\"env\",\"rm\",\"-rf\",\"victim\"]", "[\"nice\",\"-n\",\"5\",\"rm\",\"-rf\",\"victim\"]",
      "[\"timeout\",\"10\",\"rm\",\"-rf\",\"victim\"]", "[\"sh\",\"-c\",\"rm -rf victim\"]",
      "[\"bash\",\"-c\",\"rm -rf victim\"]", "[\"find\",\"victim\",\"-delete\"]",
      "[\"find\",\"victim\",\"-exec\",\"rm\",\"-rf\",\"{}\",\"+\"]", "[\"/bin/rm\",\"-rf\",\"victim\"]"})
  void destructiveCommandsInAnySpellingNeedApproval(String argv) throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    Path victim = Files.createDirectories(workspace.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    // the host allows one harmless program; nothing else passes without a human
    PermissionPolicy policy = PermissionPolicy.builder().allow("shell(ls:*)").build();

    AgentResult result = new Hostile(workspace, targetDir).run(policy, Approver.denyAll(),
        call("shell", "{\"argv\":" + argv + "}"));

    assertThat(victim.resolve("keep.txt")).hasContent("keep");
    assertThat(decisions(result)).singleElement().satisfies(d -> assertThat(d.allowed()).isFalse());
  }

  @Test
  void denyRulesSeeThroughWrappers() throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    Path victim = Files.writeString(workspace.resolve("victim.txt"), "keep");
    PermissionPolicy policy = PermissionPolicy.builder().allow(Action.RUN_COMMAND).deny("shell(rm:*)").build();

    AgentResult result = new Hostile(workspace, targetDir).run(policy, null,
        call("shell", "{\"argv\":[\"env\",\"X=1\",\"rm\",\"victim.txt\"]}"),
        call("shell", "{\"argv\":[\"sh\",\"-c\",\"rm victim.txt\"]}"),
        call("shell", "{\"argv\":[\"timeout\",\"5\",\"nice\",\"rm\",\"victim.txt\"]}"));

    assertThat(victim).hasContent("keep");
    assertThat(decisions(result)).hasSize(3).allSatisfy(d -> assertThat(d.allowed()).isFalse());
  }

  private static java.util.List<AgentStep.PermissionDecision> decisions(AgentResult result) {
    return result.steps().stream().filter(s -> s instanceof AgentStep.PermissionDecision)
        .map(s -> (AgentStep.PermissionDecision) s).toList();
  }
}
