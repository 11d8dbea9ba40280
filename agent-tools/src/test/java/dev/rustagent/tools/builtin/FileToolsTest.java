package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {
  private final ToolRegistry registry = BuiltinTools.defaults().registry();
  @TempDir Path workspace;
  @TempDir Path outside;
  private ToolContext context;

  @BeforeEach
  void setUp() throws Exception {
    context = Workspaces.context(workspace);
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/main.rs"), "fn main() {\n    let x = 1;\n    println!(\"{x}\");\n}\n");
    Files.writeString(outside.resolve("secret.txt"), "top secret\n");
  }

  private ToolResult run(String tool, String json) throws Exception {
    return call(registry, tool, json, context);
  }

  @Test
  void readsAFileWithLineNumbers() throws Exception {
    ToolResult result = run("read_file", "{\"path\":\"src/main.rs\"}");

    assertThat(result.text()).contains("(lines 1-4 of 4)").contains("2:     let x = 1;");
  }

  @Test
  void readsALineRange() throws Exception {
    ToolResult result = run("read_file", "{\"path\":\"src/main.rs\",\"start_line\":2,\"end_line\":3}");

    assertThat(result.text()).contains("let x = 1;").contains("println!").doesNotContain("fn main");
  }

  @Test
  void climbingOutWithDotDotIsRefused() throws Exception {
    ToolResult result = run("read_file", "{\"path\":\"../" + outside.getFileName() + "/secret.txt\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("outside the workspace").doesNotContain("top secret");
  }

  @Test
  void absolutePathOutsideIsRefused() throws Exception {
    ToolResult result = run("read_file", "{\"path\":\"" + outside.resolve("secret.txt") + "\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("outside the workspace");
  }

  @Test
  void symbolicLinkLeadingOutIsRefusedForReadingAndWriting() throws Exception {
    Files.createSymbolicLink(workspace.resolve("escape"), outside);

    ToolResult read = run("read_file", "{\"path\":\"escape/secret.txt\"}");
    ToolResult write = run("write_file", "{\"path\":\"escape/new.txt\",\"content\":\"x\"}");

    assertThat(read.isError()).isTrue();
    assertThat(read.text()).contains("symbolic link").doesNotContain("top secret");
    assertThat(write.isError()).isTrue();
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void nonUtf8FileIsReportedAsNotText() throws Exception {
    Files.write(workspace.resolve("data.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});

    ToolResult read = run("read_file", "{\"path\":\"data.bin\"}");
    ToolResult edit = run("edit_file", "{\"path\":\"data.bin\",\"old_text\":\"a\",\"new_text\":\"b\"}");

    assertThat(read.isError()).isTrue();
    assertThat(read.text()).contains("is not UTF-8 text");
    assertThat(edit.isError()).isTrue();
    assertThat(workspace.resolve("data.bin")).hasBinaryContent(
        new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});
  }

  @Test
  void writeCreatesTheFileAndItsDirectoriesWithoutLeavingTemporaryFiles() throws Exception {
    ToolResult result = run("write_file", "{\"path\":\"src/util/mod.rs\",\"content\":\"pub fn one() -> i32 { 1 }\\n\"}");

    assertThat(result.isError()).isFalse();
    assertThat(workspace.resolve("src/util/mod.rs")).hasContent("pub fn one() -> i32 { 1 }");
    try (var files = Files.list(workspace.resolve("src/util"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("mod.rs");
    }
  }

  @Test
  void writeKeepsTheModeOfAnExistingFile() throws Exception {
    Path script = Files.writeString(workspace.resolve("run.sh"), "#!/bin/sh\necho one\n");
    Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));

    run("write_file", "{\"path\":\"run.sh\",\"content\":\"#!/bin/sh\\necho two\\n\"}");

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("rwxr-x---");
    assertThat(script).content().contains("echo two");
  }

  @Test
  void newFilesAreReadableByOthersLikeFilesMadeByAnEditor() throws Exception {
    run("write_file", "{\"path\":\"new.rs\",\"content\":\"fn f() {}\\n\"}");

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(workspace.resolve("new.rs")))).isEqualTo("rw-r--r--");
  }

  @Test
  void writeApprovalShowsTheDiffAndChangesNothing() throws Exception {
    var arguments = Workspaces.args(registry, "write_file",
        "{\"path\":\"src/main.rs\",\"content\":\"fn main() {\\n    let x = 2;\\n    println!(\\\"{x}\\\");\\n}\\n\"}");

    String description = registry.find("write_file").orElseThrow().describe(arguments, context);

    assertThat(description).contains("--- a/src/main.rs").contains("-    let x = 1;").contains("+    let x = 2;");
    assertThat(workspace.resolve("src/main.rs")).content().contains("let x = 1;");
  }

  @Test
  void editReplacesTheUniqueText() throws Exception {
    ToolResult result = run("edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"let x = 1;\",\"new_text\":\"let x = 41 + 1;\"}");

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("+    let x = 41 + 1;");
    assertThat(workspace.resolve("src/main.rs")).content().contains("let x = 41 + 1;").doesNotContain("let x = 1;");
  }

  @Test
  void editWithAbsentTextFailsAndChangesNothing() throws Exception {
    String before = Files.readString(workspace.resolve("src/main.rs"));

    ToolResult result = run("edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"let y = 1;\",\"new_text\":\"z\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("old_text was not found");
    assertThat(workspace.resolve("src/main.rs")).hasContent(before.stripTrailing());
  }

  @Test
  void editWithTextOccurringTwiceFailsAndChangesNothing() throws Exception {
    Files.writeString(workspace.resolve("twice.rs"), "let a = 1;\nlet a = 1;\n");

    ToolResult result = run("edit_file", "{\"path\":\"twice.rs\",\"old_text\":\"let a = 1;\",\"new_text\":\"let b = 2;\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("occurs 2 times");
    assertThat(workspace.resolve("twice.rs")).hasContent("let a = 1;\nlet a = 1;");
  }

  @Test
  void editApprovalShowsTheDiff() {
    var arguments = Workspaces.args(registry, "edit_file",
        "{\"path\":\"src/main.rs\",\"old_text\":\"let x = 1;\",\"new_text\":\"let x = 3;\"}");

    assertThat(registry.find("edit_file").orElseThrow().describe(arguments, context))
        .contains("-    let x = 1;").contains("+    let x = 3;");
  }

  @Test
  void patchChangesAndCreatesFiles() throws Exception {
    String patch = String.join("\n", List.of(
        "diff --git a/src/main.rs b/src/main.rs",
        "--- a/src/main.rs",
        "+++ b/src/main.rs",
        "@@ -1,4 +1,4 @@",
        " fn main() {",
        "-    let x = 1;",
        "+    let x = 7;",
        "     println!(\"{x}\");",
        " }",
        "--- /dev/null",
        "+++ b/NOTES.md",
        "@@ -0,0 +1,2 @@",
        "+# Notes",
        "+patched",
        ""));

    ToolResult result = call(registry, "apply_patch", patchJson(patch), context);

    assertThat(result.isError()).as(result.text()).isFalse();
    assertThat(workspace.resolve("src/main.rs")).content().contains("let x = 7;");
    assertThat(workspace.resolve("NOTES.md")).hasContent("# Notes\npatched");
  }

  @Test
  void patchThatDoesNotApplyChangesNothing() throws Exception {
    String before = Files.readString(workspace.resolve("src/main.rs"));
    String patch = String.join("\n", List.of(
        "--- /dev/null",
        "+++ b/created.txt",
        "@@ -0,0 +1 @@",
        "+new",
        "--- a/src/main.rs",
        "+++ b/src/main.rs",
        "@@ -1,3 +1,3 @@",
        " fn main() {",
        "-    let x = 99;",
        "+    let x = 100;",
        "     println!(\"{x}\");",
        ""));

    ToolResult result = call(registry, "apply_patch", patchJson(patch), context);

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("does not apply").contains("nothing was changed");
    assertThat(workspace.resolve("src/main.rs")).hasContent(before.stripTrailing());
    assertThat(workspace.resolve("created.txt")).doesNotExist();
  }

  @Test
  void patchReachingOutsideIsRefused() throws Exception {
    String patch = "--- /dev/null\n+++ b/../escaped.txt\n@@ -0,0 +1 @@\n+x\n";

    ToolResult result = call(registry, "apply_patch", patchJson(patch), context);

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("outside the workspace");
    assertThat(workspace.getParent().resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void textThatIsNotAPatchIsRefused() throws Exception {
    ToolResult result = call(registry, "apply_patch", patchJson("please change x to 7"), context);

    assertThat(result.isError()).isTrue();
  }

  @Test
  void listFilesLeavesOutWhatGitignoreIgnores() throws Exception {
    Files.writeString(workspace.resolve(".gitignore"), "/target\n*.log\n!keep.log\n");
    Files.createDirectories(workspace.resolve("target/debug"));
    Files.writeString(workspace.resolve("target/debug/app"), "bin");
    Files.writeString(workspace.resolve("build.log"), "log");
    Files.writeString(workspace.resolve("keep.log"), "log");
    Files.createDirectories(workspace.resolve(".git"));
    Files.writeString(workspace.resolve(".git/HEAD"), "ref");

    ToolResult result = run("list_files", "{}");

    assertThat(result.text().lines().toList())
        .containsExactly(".gitignore", "keep.log", "src/main.rs");
  }

  @Test
  void listFilesFiltersByGlob() throws Exception {
    Files.writeString(workspace.resolve("Cargo.toml"), "[package]\n");

    assertThat(run("list_files", "{\"glob\":\"*.rs\"}").text().lines().toList()).containsExactly("src/main.rs");
    assertThat(run("list_files", "{\"path\":\"src\"}").text().lines().toList()).containsExactly("src/main.rs");
  }

  @Test
  void grepFindsMatchesWithLocationsAndSkipsIgnoredAndBinaryFiles() throws Exception {
    Files.writeString(workspace.resolve(".gitignore"), "target/\n");
    Files.createDirectories(workspace.resolve("target"));
    Files.writeString(workspace.resolve("target/gen.rs"), "let x = 1;\n");
    Files.write(workspace.resolve("blob.bin"), new byte[] {'l', 'e', 't', ' ', 'x', 0, (byte) 0xff});

    ToolResult result = run("grep", "{\"pattern\":\"let\\\\s+x\"}");

    assertThat(result.text().lines().toList()).containsExactly("src/main.rs:2:     let x = 1;");
  }

  @Test
  void grepWithAnInvalidPatternSaysSo() throws Exception {
    ToolResult result = run("grep", "{\"pattern\":\"(unclosed\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("not a valid regular expression");
  }

  @Test
  void fileToolsDeclareReadOrModifyCode() {
    assertThat(registry.find("read_file").orElseThrow().actions(Workspaces.args(registry, "read_file", "{\"path\":\"a\"}")))
        .containsExactly(Action.READ);
    assertThat(registry.find("write_file").orElseThrow()
        .actions(Workspaces.args(registry, "write_file", "{\"path\":\"a\",\"content\":\"\"}")))
        .containsExactly(Action.MODIFY_CODE);
    assertThat(registry.find("edit_file").orElseThrow().actions(
        Workspaces.args(registry, "edit_file", "{\"path\":\"a\",\"old_text\":\"x\",\"new_text\":\"y\"}")))
        .containsExactly(Action.MODIFY_CODE);
    assertThat(registry.find("apply_patch").orElseThrow().actions(
        Workspaces.args(registry, "apply_patch", "{\"patch\":\"x\"}"))).containsExactly(Action.MODIFY_CODE);
    assertThat(registry.find("grep").orElseThrow().actions(Workspaces.args(registry, "grep", "{\"pattern\":\"x\"}")))
        .containsExactly(Action.READ);
  }

  private static String patchJson(String patch) {
    var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    node.put("patch", patch);
    return node.toString();
  }
}
