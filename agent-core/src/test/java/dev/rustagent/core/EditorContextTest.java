package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.AgentSession.EditorContext;

/** A session told what the editor shows: the buffer, not the disk, is what the agent sees and edits. */
class EditorContextTest {
  private static final String DISK = "fn main() {\n    println!(\"saved on disk\");\n}\n";
  private static final String BUFFER = "fn main() {\n    let unsaved_edit = 1;\n    println!(\"{}\", unsaved_edit);\n}\n";

  @TempDir static Path targetDir;
  @TempDir Path workspace;

  private final List<String> bufferEdits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void crate() throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("Cargo.toml"), "[package]\nname = \"ide\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    Files.writeString(workspace.resolve("src/main.rs"), DISK);
  }

  private static ToolRegistry tools() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CARGO_TARGET_DIR", targetDir.toString());
    env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":" + System.getProperty("user.home") + "/.cargo/bin");
    return BuiltinTools.builder().environment(env).offline(true).build().registry();
  }

  private AgentSession session(ScriptedChatModel model) {
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace).tools(tools())
        .permissionPolicy(PermissionPolicy.builder().allow(Action.READ, Action.RUN_COMMAND, Action.MODIFY_CODE).build())
        .toolTimeout(Duration.ofSeconds(120))
        .approver(request -> true)
        .build().newSession();
    session.editorContext(EditorContext.of(Path.of("src/main.rs")).withBuffer(BUFFER)
        .withSelection(EditorContext.Selection.cursor(2, 9)).withObjectives(List.of("Print the unsaved value")));
    return session;
  }

  private static String system(ChatRequest request) {
    return ContextWindow.textOf(request.messages().get(0));
  }

  private static String toolResult(ScriptedChatModel model) {
    return model.lastRequest().messages().stream().filter(ToolExecutionResultMessage.class::isInstance)
        .map(m -> ((ToolExecutionResultMessage) m).text()).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void theBufferNotTheDiskReachesTheModelWithCursorAndObjectives() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("ok").build();

    AgentResult result = session(model).run("what does this print?");

    assertThat(system(model.requests().get(0))).contains("unsaved_edit").doesNotContain("saved on disk")
        .contains("Current file: src/main.rs (unsaved changes").contains("Cursor at line 2, column 9")
        .contains("- Print the unsaved value");
    assertThat(result.patternsUsed()).extracting(RecalledItem::kind).contains("editor-buffer", "objective");
  }

  @Test
  void readingTheDirtyFileThroughAnAliasGivesTheBuffer() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"./src/../src/main.rs\"}").thenText("read").build();

    session(model).run("read main");

    assertThat(toolResult(model)).contains("2:     let unsaved_edit = 1;").doesNotContain("saved on disk");
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main.rs", "./src/../src/main.rs", "ABSOLUTE", "link.rs", "srclink/main.rs"})
  void anEditToTheDirtyFileIsRefusedWhateverItIsCalledAndTheDiskStays(String path) throws Exception {
    Files.createSymbolicLink(workspace.resolve("link.rs"), workspace.resolve("src/main.rs"));
    Files.createSymbolicLink(workspace.resolve("srclink"), workspace.resolve("src"));
    String given = path.equals("ABSOLUTE") ? workspace.resolve("src/main.rs").toString() : path;
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("write_file", "{\"path\":\"" + given + "\",\"content\":\"fn main() {}\\n\"}").thenText("tried").build();

    AgentResult result = session(model).run("rewrite main");

    assertThat(result.steps(AgentStep.ToolOutcome.class)).singleElement()
        .satisfies(o -> assertThat(o.result().isError()).isTrue())
        .satisfies(o -> assertThat(o.result().text()).contains("'src/main.rs' has unsaved changes in the editor"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(DISK);
  }

  @Test
  void aPatchThroughAHardLinkIsRefusedAndTheDiskStays() throws Exception {
    Files.createLink(workspace.resolve("hard.rs"), workspace.resolve("src/main.rs"));
    String patch = "--- a/hard.rs\n+++ b/hard.rs\n@@ -1,3 +1,3 @@\n fn main() {\n-    println!(\"saved on disk\");\n"
        + "+    println!(\"patched\");\n }\n";
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("apply_patch", dev.rustagent.core.internal.CoreJson.MAPPER.createObjectNode().put("patch", patch).toString())
        .thenText("tried").build();

    AgentResult result = session(model).run("patch it");

    assertThat(result.steps(AgentStep.ToolOutcome.class)).singleElement()
        .satisfies(o -> assertThat(o.result().text()).contains("has unsaved changes in the editor"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(DISK);
  }

  @Test
  void aSearchShowingTheDiskCopyOfTheDirtyFileSaysSo() {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("grep", "{\"pattern\":\"saved on disk\"}").thenText("found").build();

    session(model).run("find it");

    assertThat(toolResult(model)).contains("src/main.rs").contains("what this shows of it is the file on disk");
  }

  @Test
  void withABufferEditorTheEditGoesToTheBufferAndTheDiskStays() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"let unsaved_edit = 1;\",\"new_text\":\"let unsaved_edit = 2;\"}")
        .thenText("edited").build();
    AgentSession session = session(model);
    session.bufferEditor((file, text) -> bufferEdits.add(file + "\n" + text));

    AgentResult result = session.run("make it two");

    assertThat(bufferEdits).containsExactly("src/main.rs\n" + BUFFER.replace("= 1;", "= 2;"));
    assertThat(result.steps(AgentStep.ToolOutcome.class)).singleElement()
        .satisfies(o -> assertThat(o.result().text()).contains("applied to the editor's unsaved buffer"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(DISK);
  }

  @Test
  void cargoFixIsRefusedWhileABufferIsDirty() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("cargo", "{\"subcommand\":\"fix\",\"args\":[\"--allow-no-vcs\"]}")
        .thenToolCall("shell", "{\"argv\":[\"cargo\",\"clippy\",\"--fix\",\"--allow-no-vcs\"]}")
        .thenText("tried").build();

    AgentResult result = session(model).run("fix everything");

    assertThat(result.steps(AgentStep.ToolOutcome.class)).hasSize(2)
        .allSatisfy(o -> assertThat(o.result().text()).contains("may change files without naming them"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(DISK);
  }

  @Test
  void aShellCommandThatWritesTheDirtyFileIsUndone() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("shell", "{\"argv\":[\"cp\",\"Cargo.toml\",\"src/main.rs\"]}").thenText("tried").build();

    AgentResult result = session(model).run("copy");

    assertThat(result.steps(AgentStep.ToolOutcome.class)).singleElement()
        .satisfies(o -> assertThat(o.result().text()).contains("the change was undone"));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).isEqualTo(DISK);
  }

  @Test
  void theCompilerErrorsOpenOnTheCurrentFileAreInTheNextTurn() throws Exception {
    Files.writeString(workspace.resolve("src/main.rs"), "fn main() {\n    let x: i32 = \"text\";\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("cargo", "{\"subcommand\":\"check\"}").thenText("one error").thenText("fixing").build();
    AgentSession session = session(model);
    session.editorContext(EditorContext.of(Path.of("src/main.rs")));

    session.run("check it");
    AgentResult next = session.run("fix the error");

    assertThat(system(model.lastRequest())).contains("Compiler errors open in src/main.rs").contains("E0308");
    assertThat(next.patternsUsed()).anyMatch(i -> i.kind().equals("compiler-error") && i.id().equals("E0308"));
  }

  @Test
  void aSelectionEndingBeforeItsStartIsRejected() {
    assertThatThrownBy(() -> new EditorContext.Selection(3, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EditorContext.none().withBuffer("x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the file");
  }
}
