package dev.rustagent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolNamesTest {

  @Test
  void aPlainNameIsPrefixedWithTheServer() {
    assertThat(ToolNames.namespaced("github", "create_issue", Set.of())).isEqualTo("github__create_issue");
  }

  @Test
  void charactersOutsideTheAllowedSetBecomeUnderscores() {
    assertThat(ToolNames.namespaced("s", "files.read/all ok", Set.of())).isEqualTo("s__files_read_all_ok");
  }

  @Test
  void aLongNameIsCutTo64WithAStableHashSuffix() {
    String tool = "t".repeat(100);
    String name = ToolNames.namespaced("server", tool, Set.of());
    assertThat(name).hasSize(64).startsWith("server__ttt").matches("[a-zA-Z0-9_-]+_[0-9a-f]{8}");
    assertThat(ToolNames.namespaced("server", tool, Set.of())).isEqualTo(name);
    assertThat(ToolNames.namespaced("server", "t".repeat(99) + "u", Set.of())).isNotEqualTo(name);
  }

  @Test
  void twoToolsThatCleanToTheSameNameStayDistinct() {
    Set<String> taken = new HashSet<>();
    String first = ToolNames.namespaced("s", "a.b", taken);
    taken.add(first);
    String second = ToolNames.namespaced("s", "a/b", taken);
    assertThat(first).isEqualTo("s__a_b");
    assertThat(second).startsWith("s__a_b_").isNotEqualTo(first);
  }
}
