package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {
  @TempDir Path dir;
  private final CapturedCli cli = new CapturedCli();

  private int chat(String input) {
    return cli.chat(input, "--demo", "--approve", "none", "--workspace", dir.toString());
  }

  @Test
  void slashCommandsAndQuestionsAreAnsweredInTurn() {
    int code = chat("/help\n/frobnicate now\nhow do lifetimes work?\n/explain\n/quit\n");

    String text = cli.out();
    assertThat(text).contains("streamed over HTTP by a fake Anthropic server").contains("/debug [--trace] [--auto-fix]")
        .contains("unknown command /frobnicate")
        .contains("agent> (demo model) I am scripted, so I can only echo: \"how do lifetimes work?\"")
        .contains("/explain: missing argument <concept>")
        .endsWith("bye" + System.lineSeparator());
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void streamingOffInTheConfigGetsWholeAnswersPrintedAtOnce() throws Exception {
    Path config = dir.resolve("agent.toml");
    java.nio.file.Files.writeString(config, "[llm]\nstreaming = false\n");

    int code = cli.chat("how do lifetimes work?\n/quit\n", "--demo", "--approve", "none", "--workspace",
        dir.toString(), "--config", config.toString());

    assertThat(cli.out()).contains("served over HTTP by a fake Anthropic server").doesNotContain("streamed over HTTP")
        .contains("agent> (demo model) I am scripted, so I can only echo: \"how do lifetimes work?\"");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void agentSpawnsAHelperWhoseAnswerComesBack() {
    int code = chat("/agent \"summarise the crate\" --tools read_file\n/agent \"push\" --tools no_such_tool\n/quit\n");

    assertThat(cli.out())
        .contains("(demo model) I am scripted, so I can only echo: \"summarise the crate\"")
        .contains("failed: a helper cannot get tools its parent was not granted: [no_such_tool]");
    assertThat(code).isEqualTo(RustAgentCli.EXIT_OK);
  }

  @Test
  void endOfInputEndsTheChat() {
    assertThat(chat("")).isEqualTo(RustAgentCli.EXIT_OK);
    assertThat(cli.out()).contains("bye");
  }
}
