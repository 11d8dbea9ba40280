package dev.rustagent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import dev.rustagent.core.internal.Secrets;

class TerminalTextTest {

  @ParameterizedTest(name = "U+{0} is made visible")
  @ValueSource(ints = {0x1B, 0x0D, 0x08, 0x07, 0x00, 0x7F, 0x9B, 0x9D, 0x85, 0x202E, 0x202D, 0x2066, 0x2069,
      0x200F, 0x061C, 0x200B, 0xFEFF, 0x2028, 0x2029, 0x0B, 0x0C, 0xE0041})
  void controlAndFormatCharactersAreShownAsEscapes(int codePoint) {
    String text = "a" + new String(Character.toChars(codePoint)) + "b";

    String shown = TerminalText.escape(text);

    assertThat(shown).startsWith("a\\u").endsWith("b");
    assertThat(shown.codePoints().filter(TerminalText::isEscaped)).isEmpty();
  }

  @Test
  void escapeSequencesLoseTheirEscapeCharacter() {
    String csi = "README fix\u001b[2A\u001b[2K\u001b]0;title\u0007";

    assertThat(TerminalText.escape(csi)).isEqualTo("README fix\\u001B[2A\\u001B[2K\\u001B]0;title\\u0007");
  }

  @Test
  void newlinesTabsAndLettersAreKept() {
    String text = "fn main() {\n\tprintln!(\"héllo 世界 🦀\");\n}";

    assertThat(TerminalText.escape(text)).isEqualTo(text);
  }

  @Test
  void windowsLineEndsBecomeNewlinesButALoneCarriageReturnIsShown() {
    assertThat(TerminalText.escape("one\r\ntwo\rthree")).isEqualTo("one\ntwo\\u000Dthree");
  }

  @Test
  void aLoneSurrogateIsShown() {
    assertThat(TerminalText.escape("x\uD800y")).isEqualTo("x\\uD800y");
  }

  @Test
  void nullIsShownAsNothing() {
    assertThat(TerminalText.escape(null)).isEmpty();
    assertThat(TerminalText.safe(null)).isEmpty();
  }

  @Test
  void safeRedactsAndEscapes() {
    assertThat(TerminalText.safe("key sk-ant-api03-abcdefghijklmnop\u001b[2J"))
        .isEqualTo("key sk-ant-" + Secrets.MARK + "\\u001B[2J");
  }
}
