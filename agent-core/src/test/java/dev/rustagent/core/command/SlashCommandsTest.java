package dev.rustagent.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rustagent.core.command.internal.StandardCommands;
import dev.rustagent.core.command.SlashCommands.SlashCommand;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;

class SlashCommandsTest {
  private final List<SlashCommand> handled = new ArrayList<>();

  private SlashCommands standard() {
    SlashCommands.Builder b = SlashCommands.builder();
    for (CommandSpec spec : StandardCommands.all()) {
      b.command(spec, c -> {
        handled.add(c);
        return new CommandOutcome.Completed("ran /" + c.name(), null);
      });
    }
    return b.build();
  }

  @Test
  void quotedArgumentsStayTogetherAndOptionsAreRead() {
    SlashCommand c = standard().parse("/agent \"write tests for parse_config\" --tools cargo,read_file --context='the parser'");
    assertThat(c.name()).isEqualTo("agent");
    assertThat(c.arguments()).containsExactly("write tests for parse_config");
    assertThat(c.options()).isEqualTo(Map.of("tools", "cargo,read_file", "context", "the parser"));
  }

  @Test
  void flagsAndEscapesAreRead() {
    SlashCommand c = standard().parse("  /generate a\\ parser for \"key = value\" --tests --out src/kv.rs");
    assertThat(c.arguments()).containsExactly("a parser", "for", "key = value");
    assertThat(c.has("tests")).isTrue();
    assertThat(c.has("docs")).isFalse();
    assertThat(c.option("out")).contains("src/kv.rs");
  }

  @Test
  void gitTakesItsOptionsAsArguments() {
    SlashCommand c = standard().parse("/git log --oneline -n 3");
    assertThat(c.arguments()).containsExactly("log", "--oneline", "-n", "3");
    assertThat(c.options()).isEmpty();
  }

  @Test
  void anUnknownCommandGetsAUsageLineAndNothingRuns() {
    CommandOutcome outcome = standard().execute("/deploy now");
    assertThat(outcome).isInstanceOf(CommandOutcome.Usage.class);
    assertThat(outcome.text()).contains("unknown command /deploy").contains("/debug").contains("/help");
    assertThat(handled).isEmpty();
  }

  @Test
  void aMistypedCommandGetsTheNearestNameSuggested() {
    CommandOutcome outcome = standard().execute("/debgu");
    assertThat(outcome).isInstanceOf(CommandOutcome.Usage.class);
    assertThat(outcome.text()).contains("unknown command /debgu (did you mean /debug?)");
    assertThat(handled).isEmpty();
  }

  @Test
  void aCommandFarFromEveryNameGetsNoSuggestion() {
    assertThat(standard().execute("/xyzzyplugh").text()).doesNotContain("did you mean");
  }

  @Test
  void malformedCommandsGetUsageLines() {
    SlashCommands commands = standard();
    assertThat(commands.execute("/agent \"never closed")).isInstanceOf(CommandOutcome.Usage.class)
        .extracting(CommandOutcome::text).asString().contains("unterminated double quote");
    assertThat(commands.execute("/agent").text()).contains("missing argument").contains("usage: /agent");
    assertThat(commands.execute("/debug --fast").text()).contains("unknown option --fast")
        .contains("usage: /debug [--trace] [--auto-fix]");
    assertThat(commands.execute("/explain lifetimes --level guru").text())
        .contains("--level must be one of beginner, intermediate, expert");
    assertThat(commands.execute("/document struct Config").text()).contains("must be one of fn, module, crate");
    assertThat(commands.execute("/agent task --tools").text()).contains("--tools needs a value");
    assertThat(commands.execute("/debug --trace=yes").text()).contains("--trace takes no value");
    assertThat(commands.execute("/debug --trace --trace").text()).contains("given twice");
    assertThat(commands.execute("/").text()).contains("/help");
    assertThat(commands.execute("/debug extra").text()).contains("at most 0");
    assertThat(handled).isEmpty();
  }

  @Test
  void helpListsEveryCommandWithItsUsage() {
    CommandOutcome outcome = standard().execute("/help");
    assertThat(outcome).isInstanceOf(CommandOutcome.Completed.class);
    for (CommandSpec spec : StandardCommands.all()) {
      assertThat(outcome.text()).contains(spec.usage());
    }
    assertThat(outcome.text()).contains("/explain <concept> [--level beginner|intermediate|expert]");
    assertThat(standard().execute("/help /test").text()).startsWith("/test unit|integration|bench [target]");
  }

  @Test
  void aHostCanAddItsOwnCommandAndReplaceAStandardHandler() {
    SlashCommands commands = standard().toBuilder()
        .command(CommandSpec.builder("deploy").summary("ship it").arguments("<env>", 1, 1).build(),
            c -> new CommandOutcome.Completed("deployed to " + c.argument(0).orElseThrow(), null))
        .command(StandardCommands.DEBUG, c -> new CommandOutcome.Completed("host debug", null))
        .build();
    assertThat(commands.execute("/deploy staging").text()).isEqualTo("deployed to staging");
    assertThat(commands.execute("/debug").text()).isEqualTo("host debug");
    assertThat(commands.helpText()).contains("/deploy <env>");
  }

  @Test
  void aFailingHandlerIsReportedNotThrown() {
    SlashCommands commands = SlashCommands.builder()
        .command(StandardCommands.GIT, c -> {
          throw new IllegalStateException("git is not installed");
        }).build();
    CommandOutcome outcome = commands.execute("/git status");
    assertThat(outcome).isInstanceOf(CommandOutcome.Failed.class);
    assertThat(outcome.text()).contains("git is not installed");
  }

  @Test
  void specsRejectBadNamesAndHelpCannotBeReplaced() {
    assertThatThrownBy(() -> CommandSpec.builder("Bad Name")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlashCommands.builder().command(CommandSpec.builder("help").build(),
        c -> null)).hasMessageContaining("built in");
  }
}
