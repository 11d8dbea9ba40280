package dev.rustagent.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitArgumentsTest {
  @TempDir Path root;

  @Test
  void unambiguousPrefixesAreWrittenInFull() {
    GitArguments.Checked checked = GitArguments.check(List.of("diff", "--name-on", "--stag", "--word-d"), root);

    assertThat(checked.refusal()).isNull();
    assertThat(checked.args()).containsExactly("diff", "--name-only", "--staged", "--word-diff");
  }

  @Test
  void anAbbreviationGitCouldReadAsAForbiddenOptionReachesGitAsTheAllowedOneInFull() {
    assertThat(GitArguments.check(List.of("diff", "--no-ind"), root).args())
        .containsExactly("diff", "--no-indent-heuristic");
  }

  @Test
  void ambiguousAbbreviationsAreRefused() {
    assertThat(GitArguments.check(List.of("diff", "--sta"), root).refusal()).contains("not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--no-index", "--output=x", "--outp=x", "--ext-diff", "--textconv",
      "--contents", "--exec-path", "-O/etc/passwd", "--git-dir=/", "--work-tree=/"})
  void optionsOutsideTheAllowListAreRefused(String option) {
    assertThat(GitArguments.check(List.of("diff", option), root).refusal()).contains("not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../x", "src/../../x"})
  void pathsOutsideTheWorkspaceAreRefusedAfterTheSeparatorToo(String path) {
    assertThat(GitArguments.check(List.of("log", "--", path), root).refusal()).contains("outside");
    assertThat(GitArguments.check(List.of("show", path), root).refusal()).contains("outside");
  }

  @Test
  void valuesOfShortOptionsAreNotTakenForPaths() {
    assertThat(GitArguments.check(List.of("commit", "-m", "fix ../ paths"), root).refusal()).isNull();
    assertThat(GitArguments.check(List.of("log", "-n", "3", "HEAD~1..HEAD"), root).refusal()).isNull();
  }

  @Test
  void applyAbbreviationsAreNormalisedBeforeClassification() {
    assertThat(GitArguments.check(List.of("apply", "--stat", "--ap", "p.patch"), root).args())
        .containsExactly("apply", "--stat", "--apply", "p.patch");
  }
}
