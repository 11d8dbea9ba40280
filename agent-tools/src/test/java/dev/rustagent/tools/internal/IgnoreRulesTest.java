package dev.rustagent.tools.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {
  @TempDir Path root;

  private List<String> walk() throws Exception {
    List<String> files = new ArrayList<>();
    IgnoreRules.walk(root, root, f -> files.add(WorkspacePaths.relative(root, f)));
    return files;
  }

  private void file(String path) throws Exception {
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), "x");
  }

  @Test
  void nestedGitignoreAppliesBelowItsDirectoryOnly() throws Exception {
    file("a/gen.rs");
    file("b/gen.rs");
    Files.writeString(root.resolve("a/.gitignore"), "gen.rs\n");

    assertThat(walk()).containsExactly("a/.gitignore", "b/gen.rs");
  }

  @Test
  void doubleStarAnchoredAndDirectoryPatterns() throws Exception {
    file("docs/x/deep/out.html");
    file("docs/keep.md");
    file("build/a.o");
    file("src/build");
    Files.writeString(root.resolve(".gitignore"), "docs/**/out.html\nbuild/\n");

    assertThat(walk()).containsExactly(".gitignore", "docs/keep.md", "src/build");
  }
}
