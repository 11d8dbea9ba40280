package dev.rustagent.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.tools.builtin.BuiltinTools.ShellPolicy;

class BuiltinToolProviderTest {

  @Test
  void discoveryFindsEveryBuiltinToolThroughServiceLoader() {
    ToolRegistry registry = ToolRegistry.discover();

    assertThat(registry.tools()).extracting(Tool::name).contains("cargo", "clippy", "rustc_explain",
        "rust_analyzer", "git", "gh", "shell", "read_file", "write_file", "edit_file", "apply_patch",
        "list_files", "grep", "docs_search", "crate_search");
  }

  @Test
  void requiredArgumentsMatchTheContract() {
    ToolRegistry registry = BuiltinTools.defaults().registry();

    assertThat(required(registry, "cargo")).containsExactly("subcommand");
    assertThat(required(registry, "rustc_explain")).containsExactly("code");
    assertThat(required(registry, "rust_analyzer")).containsExactly("request");
    assertThat(required(registry, "git")).containsExactly("args");
    assertThat(required(registry, "gh")).containsExactly("args");
    assertThat(required(registry, "read_file")).containsExactly("path");
    assertThat(required(registry, "write_file")).containsExactly("path", "content");
    assertThat(required(registry, "edit_file")).containsExactly("path", "old_text", "new_text");
    assertThat(required(registry, "apply_patch")).containsExactly("patch");
    assertThat(required(registry, "grep")).containsExactly("pattern");
    assertThat(required(registry, "docs_search")).containsExactly("query");
    assertThat(required(registry, "crate_search")).containsExactly("query");
  }

  @Test
  void everyToolHasADescriptionForTheModel() {
    for (ToolSpecification spec : BuiltinTools.defaults().registry().specifications()) {
      assertThat(spec.description()).as(spec.name()).hasSizeGreaterThan(30);
    }
  }

  @Test
  void builderRejectsBadSettingsAtOnce() {
    assertThatThrownBy(() -> BuiltinTools.builder().cargo(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BuiltinTools.builder().crateSearchBaseUrl(URI.create("ftp://x")))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> BuiltinTools.builder().languageServer(List.of(), "rust"))
        .hasMessageContaining("name a program");
    assertThatThrownBy(() -> BuiltinTools.builder().shellPolicy(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ShellPolicy.builder().deny("")).hasMessageContaining("blank");
  }

  private static List<String> required(ToolRegistry registry, String tool) {
    return registry.find(tool).orElseThrow().parameters().required();
  }
}
