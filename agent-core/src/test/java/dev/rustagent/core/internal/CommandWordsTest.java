package dev.rustagent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandWordsTest {

  @Test
  void quotesGroupAndBackslashesEscape() {
    assertThat(CommandWords.split("python3 'train it.py' --out \"a b\" c\\ d"))
        .containsExactly("python3", "train it.py", "--out", "a b", "c d");
    assertThat(CommandWords.split("  ")).isEmpty();
    assertThat(CommandWords.split("say '$HOME; rm -rf ~'")).containsExactly("say", "$HOME; rm -rf ~");
  }

  @Test
  void unterminatedQuotesAndTrailingBackslashesAreErrors() {
    assertThatThrownBy(() -> CommandWords.split("python3 'train.py")).hasMessageContaining("unterminated single quote");
    assertThatThrownBy(() -> CommandWords.split("run \\")).hasMessageContaining("lone backslash");
  }
}
