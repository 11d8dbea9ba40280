package dev.rustagent.tools.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandGlobTest {
  @Test
  void prefixRuleMatchesTheProgramAndWhatFollowsASpace() {
    CommandGlob glob = CommandGlob.compile("ls -l:*");

    assertThat(glob.matches("ls -l")).isTrue();
    assertThat(glob.matches("ls -l src")).isTrue();
    assertThat(glob.matches("ls -la")).isFalse();
  }

  @Test
  void aRelativePathIsNeverTheProgramOfTheSameName() {
    CommandGlob glob = CommandGlob.compile("ls:*");

    assertThat(glob.matches("tools/ls -l")).isFalse();
    assertThat(glob.matches("./ls")).isFalse();
  }

  @Test
  void anAbsolutePathMatchesWhenItIsTheSameFileAsThePathLookup() {
    String ls = Programs.find("ls").orElseThrow().toString();

    assertThat(CommandGlob.compile("ls:*").matches(ls + " -l")).isTrue();
    assertThat(CommandGlob.compile("ls:*").matches("/nonexistent/ls -l")).isFalse();
  }

  @Test
  void starMatchesAnyText() {
    assertThat(CommandGlob.compile("*").matches("anything at all")).isTrue();
    assertThat(CommandGlob.compile("cargo *").matches("cargo test --lib")).isTrue();
  }
}
