package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitToolTest {
  private final ToolRegistry registry = BuiltinTools.defaults().registry();
  @TempDir Path workspace;

  private java.util.Set<Action> actions(String json) {
    return registry.find("git").orElseThrow().actions(Workspaces.args(registry, "git", json));
  }

  @Test
  void statusShowsAChangedFile() throws Exception {
    Workspaces.gitRepo(workspace);
    Files.writeString(workspace.resolve("README.md"), "changed\n");

    ToolResult result = call(registry, "git", "{\"args\":[\"status\",\"--short\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("M README.md");
  }

  @Test
  void addAndCommitRecordTheChange() throws Exception {
    Workspaces.gitRepo(workspace);
    Files.writeString(workspace.resolve("lib.rs"), "pub fn f() {}\n");

    call(registry, "git", "{\"args\":[\"add\",\"lib.rs\"]}", Workspaces.context(workspace));
    ToolResult commit = call(registry, "git", "{\"args\":[\"commit\",\"-m\",\"Add lib\"]}", Workspaces.context(workspace));

    assertThat(commit.isError()).as(commit.text()).isFalse();
    assertThat(Workspaces.exec(workspace, "git", "log", "--format=%s")).startsWith("Add lib\n");
  }

  @Test
  void diffShowsTheChangedLines() throws Exception {
    Workspaces.gitRepo(workspace);
    Files.writeString(workspace.resolve("README.md"), "hello\nworld\n");

    ToolResult result = call(registry, "git", "{\"args\":[\"diff\"]}", Workspaces.context(workspace));

    assertThat(result.text()).contains("+world");
  }

  @Test
  void readsAreReadAndWritesAreGitWrite() {
    assertThat(actions("{\"args\":[\"status\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"log\",\"-5\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"branch\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"branch\",\"--list\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"stash\",\"list\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"apply\",\"--check\",\"x.patch\"]}")).containsExactly(Action.READ);
    assertThat(actions("{\"args\":[\"commit\",\"-m\",\"x\"]}")).containsExactly(Action.GIT_WRITE);
    assertThat(actions("{\"args\":[\"add\",\".\"]}")).containsExactly(Action.GIT_WRITE);
    assertThat(actions("{\"args\":[\"branch\",\"feature\"]}")).containsExactly(Action.GIT_WRITE);
    assertThat(actions("{\"args\":[\"checkout\",\"main\"]}")).contains(Action.GIT_WRITE, Action.MODIFY_CODE);
    assertThat(actions("{\"args\":[\"stash\"]}")).contains(Action.GIT_WRITE, Action.MODIFY_CODE);
    assertThat(actions("{\"args\":[\"apply\",\"x.patch\"]}")).contains(Action.GIT_WRITE, Action.MODIFY_CODE);
  }

  @Test
  void workspaceThatIsNotARepositoryGetsAClearError() throws Exception {
    ToolResult result = call(registry, "git", "{\"args\":[\"status\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("is not a git repository");
  }

  @Test
  void optionsThatRedirectGitAreRefused() throws Exception {
    Workspaces.gitRepo(workspace);

    Files.writeString(workspace.resolve("README.md"), "changed\n");
    Path outsideFile = workspace.getParent().resolve(workspace.getFileName() + "-escaped.diff");

    ToolResult written = call(registry, "git",
        "{\"args\":[\"diff\",\"--output=" + outsideFile + "\"]}", Workspaces.context(workspace));
    ToolResult read = call(registry, "git", "{\"args\":[\"diff\",\"--no-index\",\"/etc/hostname\",\"README.md\"]}",
        Workspaces.context(workspace));
    ToolResult elsewhere = call(registry, "git", "{\"args\":[\"status\",\"--git-dir=/etc\"]}",
        Workspaces.context(workspace));

    assertThat(written.isError()).isTrue();
    assertThat(written.text()).contains("not allowed");
    assertThat(outsideFile).doesNotExist();
    assertThat(read.isError()).isTrue();
    assertThat(elsewhere.isError()).isTrue();
  }

  @Test
  void globalOptionsCannotComeBeforeTheSubcommand() throws Exception {
    Workspaces.gitRepo(workspace);

    ToolResult result = call(registry, "git", "{\"args\":[\"-c\",\"core.pager=touch pwned\",\"log\"]}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(workspace.resolve("pwned")).doesNotExist();
  }

  @Test
  void subcommandsOutsideTheListAreRefused() throws Exception {
    Workspaces.gitRepo(workspace);

    ToolResult result = call(registry, "git", "{\"args\":[\"push\",\"origin\",\"main\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("one of [status");
  }

  @Test
  void shellMetacharactersAreOrdinaryArguments() throws Exception {
    Workspaces.gitRepo(workspace);
    Path canary = Files.writeString(workspace.resolve("canary.txt"), "keep");

    ToolResult result = call(registry, "git", "{\"args\":[\"log\",\"--\",\"; rm -rf canary.txt\"]}",
        Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(canary).hasContent("keep");
  }
}
