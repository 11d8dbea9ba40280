package dev.rustagent.core.adversarial;

import static dev.rustagent.core.adversarial.Hostile.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 §3: files that run code later (.git/, build scripts, cargo configuration, Cargo.toml's
 * build settings) are never written without a human's explicit yes, even when the policy allows every
 * edit and the approver approves everything.
 */
class ProtectedPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PermissionPolicy EVERYTHING = PermissionPolicy.builder()
      .allow(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.GIT_WRITE).build();

  @TempDir static Path targetDir;
  @TempDir Path dir;

  private Hostile repo() throws Exception {
    Hostile.crate(dir, "protected", "");
    Hostile.gitRepo(dir);
    return new Hostile(dir, targetDir);
  }

  private static String write(String path, String content) throws Exception {
    return JSON.writeValueAsString(Map.of("path", path, "content", content));
  }

  private static String edit(String path, String oldText, String newText) throws Exception {
    return JSON.writeValueAsString(Map.of("path", path, "old_text", oldText, "new_text", newText));
  }

  private static String patch(String text) throws Exception {
    return JSON.writeValueAsString(Map.of("patch", text));
  }

  @Test
  void writesThatRunCodeLaterAreRefusedEvenWhenEverythingIsAllowed() throws Exception {
    Hostile hostile = repo();
    Path hook = dir.resolve(".git/hooks/pre-commit");
    Files.writeString(hook, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("crates/inner"));
    Files.createSymbolicLink(dir.resolve("notes.txt"), dir.resolve(".git/config"));
    Map<String, String> before = Hostile.snapshot(dir);

    AgentResult result = hostile.run(EVERYTHING, Approver.approveAll(),
        call("write_file", write(".git/config", "[core]\n\tfsmonitor = touch /tmp/pwned\n")),
        call("edit_file", edit(".git/hooks/pre-commit", "exit 0", "touch /tmp/pwned")),
        call("write_file", write(".GIT/hooks/post-checkout", "#!/bin/sh\n")),
        call("write_file", write("src/../.git/info/attributes", "* filter=x\n")),
        call("write_file", write("notes.txt", "[core]\n\tfsmonitor = touch /tmp/pwned\n")),
        call("write_file", write("build.rs", "fn main() {}\n")),
        call("write_file", write("crates/inner/build.rs", "fn main() {}\n")),
        call("write_file", write(".cargo/config.toml", "[build]\nrustc-wrapper = \"/tmp/evil\"\n")),
        call("write_file", write("rust-toolchain.toml", "[toolchain]\npath = \"/tmp/evil\"\n")),
        call("edit_file", edit("Cargo.toml", "edition = \"2021\"\n", "edition = \"2021\"\nbuild = \"gen.rs\"\n")),
        call("edit_file", edit("Cargo.toml", "[dependencies]\n", "[dependencies]\nevil = { path = \"../evil\" }\n")),
        call("edit_file", edit("Cargo.toml", "[dependencies]\n", "[build-dependencies]\ncc = \"1\"\n[dependencies]\n")),
        call("apply_patch", patch("--- /dev/null\n+++ b/build.rs\n@@ -0,0 +1 @@\n+fn main() {}\n")));

    assertThat(Hostile.snapshot(dir)).as(Hostile.toolOutput(result)).isEqualTo(before);
  }

  @Test
  void theApproverIsToldTheRiskInWordsTheModelDidNotWrite() throws Exception {
    Hostile hostile = repo();

    hostile.run(EVERYTHING, request -> false, call("write_file", write(".git/config", "[core]\n")),
        call("write_file", write("build.rs", "fn main() {}\n")));

    assertThat(hostile.asked).hasSize(2);
    assertThat(hostile.asked.get(0).risks()).singleElement().asString().contains(".git/");
    assertThat(hostile.asked.get(1).risks()).singleElement().asString().contains("build script");
  }

  @Test
  void ordinaryEditsAreNotSlowedDown() throws Exception {
    Hostile hostile = repo();

    hostile.run(EVERYTHING, Approver.denyAll(),
        call("edit_file", edit("Cargo.toml", "version = \"0.1.0\"", "version = \"0.2.0\"")),
        call("write_file", write("src/lib.rs", "pub fn f() {}\n")));

    assertThat(dir.resolve("Cargo.toml")).content().contains("0.2.0");
    assertThat(dir.resolve("src/lib.rs")).exists();
    assertThat(hostile.asked).isEmpty();
  }

  @Test
  void readOnlyGitRunsNoFsmonitorAndNoHooks() throws Exception {
    Hostile hostile = repo();
    Path marker = dir.resolve("fsmonitor-ran");
    Hostile.exec(dir, "git", "config", "core.fsmonitor", "touch " + marker + "; false");
    Hostile.exec(dir, "git", "config", "core.hooksPath", ".githooks");

    AgentResult result = hostile.run(PermissionPolicy.defaults(), null,
        call("git", "{\"args\":[\"status\"]}"), call("git", "{\"args\":[\"diff\"]}"),
        call("git", "{\"args\":[\"log\",\"-p\"]}"));

    assertThat(marker).doesNotExist();
    assertThat(Hostile.toolOutput(result)).doesNotContain("fsmonitor");
  }

  @Test
  void aCommitIsAskedAboutAndNamesTheHooksItRuns() throws Exception {
    Hostile hostile = repo();
    Path hook = dir.resolve(".git/hooks/pre-commit");
    Files.writeString(hook, "#!/bin/sh\ntouch " + dir.resolve("hook-ran") + "\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

    hostile.run(EVERYTHING, request -> false, call("git", "{\"args\":[\"commit\",\"--allow-empty\",\"-m\",\"x\"]}"));

    assertThat(hostile.asked).singleElement().satisfies(r -> assertThat(r.risks()).singleElement().asString()
        .contains("pre-commit"));
    assertThat(dir.resolve("hook-ran")).doesNotExist();
  }
}
