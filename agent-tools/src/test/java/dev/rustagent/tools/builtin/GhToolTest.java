package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GhToolTest {
  @TempDir Path workspace;
  @TempDir Path bin;

  @Test
  void missingGhIsReportedAndLeftOutOfTheModelsTools() throws Exception {
    ToolRegistry registry = BuiltinTools.builder().gh(bin.resolve("gh").toString()).build().registry();

    assertThat(registry.find("gh").orElseThrow().unavailableReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("GitHub CLI (gh) is not installed"));
    assertThat(registry.availableTools()).extracting(Tool::name).doesNotContain("gh").contains("git");
    ToolResult result = call(registry, "gh", "{\"args\":[\"issue\",\"list\"]}", Workspaces.context(workspace));
    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("not installed");
  }

  @Test
  void runsGhWithTheArgumentsAsGiven() throws Exception {
    Path gh = bin.resolve("gh");
    Files.writeString(gh, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\necho \"prompt:$GH_PROMPT_DISABLED\"\n");
    Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
    ToolRegistry registry = BuiltinTools.builder().gh(gh.toString()).build().registry();

    ToolResult result = call(registry, "gh",
        "{\"args\":[\"issue\",\"create\",\"--title\",\"Borrow error; rm -rf ~\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("arg:issue\narg:create\narg:--title\narg:Borrow error; rm -rf ~\nprompt:1");
  }

  @Test
  void everyCallUsesTheNetworkAndCreatingAlsoWrites() {
    ToolRegistry registry = BuiltinTools.defaults().registry();
    Tool gh = registry.find("gh").orElseThrow();
    assertThat(gh.actions(Workspaces.args(registry, "gh", "{\"args\":[\"pr\",\"list\"]}")))
        .containsExactly(Action.NETWORK);
    assertThat(gh.actions(Workspaces.args(registry, "gh", "{\"args\":[\"issue\",\"create\",\"--title\",\"t\"]}")))
        .containsExactlyInAnyOrder(Action.NETWORK, Action.GIT_WRITE);
    assertThat(gh.actions(Workspaces.args(registry, "gh", "{\"args\":[\"pr\",\"comment\",\"3\"]}")))
        .contains(Action.GIT_WRITE);
  }

  @Test
  void otherGhCommandsAreRefused() throws Exception {
    Path gh = bin.resolve("gh");
    Files.writeString(gh, "#!/bin/sh\necho ran > ran.txt\n");
    Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
    ToolRegistry registry = BuiltinTools.builder().gh(gh.toString()).build().registry();

    ToolResult result = call(registry, "gh", "{\"args\":[\"repo\",\"delete\",\"x\"]}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(workspace.resolve("ran.txt")).doesNotExist();
  }
}
