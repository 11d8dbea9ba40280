package dev.rustagent.examples.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The status area: it fits any width, keeps its keys line on a short terminal, and shows no raw escapes. */
class PanelViewTest {
  private static final PanelView.Snapshot BUSY = new PanelView.Snapshot("crate", true, 12,
      "partial answer \u001b[2J with an escape", List.of(new PanelView.Helper("helper-1", "RUNNING", "summarise \u202e the crate", 3, "2 steps, 1 tool, last read_file\u001b[K")),
      "edit_file [MODIFY_CODE]", List.of("fix error[E0308]: mismatched types at src/main.rs:2:18", "run tests"), "");

  @Test
  void everyLineFitsANarrowTerminal() {
    List<AttributedString> lines = PanelView.render(BUSY, 24, 40);

    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.columnLength()).isLessThan(24));
  }

  @Test
  void aShortTerminalKeepsTheTitleAndTheKeysLine() {
    List<AttributedString> lines = PanelView.render(BUSY, 120, 7);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).toString()).contains("rust-agent panel");
    assertThat(lines.get(1).toString()).contains("Enter sends");
  }

  @Test
  void textFromTheModelAndToolsIsShownEscaped() {
    String shown = String.join("\n", PanelView.render(BUSY, 200, 60).stream().map(AttributedString::toString).toList());

    assertThat(shown).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\u001B[2J").contains("\\u202E")
        .contains("helper-1").contains("y allow").contains("/do 2");
  }

  @Test
  void aHelperLineShowsItsProgress() {
    String shown = String.join("\n", PanelView.render(BUSY, 200, 60).stream().map(AttributedString::toString).toList());

    assertThat(shown).contains("helper-1 RUNNING 3s (2 steps, 1 tool, last read_file\\u001B[K)  summarise");
  }

  @Test
  void withoutColourTheLinesKeepTheirTextAndBoldButLoseTheirColours() {
    List<AttributedString> lines = PanelView.render(BUSY, 200, 60);
    AttributedString keys = lines.stream().filter(l -> l.toString().contains("y allow")).findFirst().orElseThrow();

    AttributedString plain = PanelView.withoutColour(keys);

    assertThat(plain.toString()).isEqualTo(keys.toString());
    String coloured = keys.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None);
    String uncoloured = plain.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None);
    assertThat(coloured).containsPattern("\u001b\\[[0-9;]*3[0-9]");
    assertThat(uncoloured).doesNotContainPattern("\u001b\\[[0-9;]*3[0-9]").contains("\u001b[");
  }
}
