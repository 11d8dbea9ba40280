package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSearchToolTest {
  @TempDir Path workspace;
  @TempDir Path docs;

  private ToolRegistry smallDocs() throws Exception {
    Files.createDirectories(docs.resolve("std/collections"));
    Files.writeString(docs.resolve("std/collections/struct.HashMap.html"),
        "<html><head><meta name=\"description\" content=\"A hash map implemented with quadratic probing &amp; SIMD lookup.\"></head></html>");
    Files.writeString(docs.resolve("std/collections/index.html"),
        "<html><head><meta name=\"description\" content=\"Collection types.\"></head></html>");
    Files.writeString(docs.resolve("std/collections/fn.redirect.html"),
        "<html><head><meta http-equiv=\"refresh\" content=\"0;URL=../x.html\"></head></html>");
    Files.createDirectories(docs.resolve("error_codes"));
    Files.writeString(docs.resolve("error_codes/E0502.html"),
        "<html><main><h1>Error code E0502</h1>\n<p>A variable already borrowed as immutable was borrowed as <code>mutable</code>.</p></main></html>");
    return BuiltinTools.builder().docsRoot(docs).build().registry();
  }

  @Test
  void findsAnItemByNameWithItsPathKindAndSummary() throws Exception {
    ToolResult result = call(smallDocs(), "docs_search", "{\"query\":\"HashMap\"}", Workspaces.context(workspace));

    assertThat(result.text()).startsWith("std::collections::HashMap (struct) - A hash map implemented with "
        + "quadratic probing & SIMD lookup.");
  }

  @Test
  void findsErrorCodesByTheirExplanation() throws Exception {
    ToolResult result = call(smallDocs(), "docs_search", "{\"query\":\"borrowed immutable\"}",
        Workspaces.context(workspace));

    assertThat(result.text()).contains("E0502 (error code) - A variable already borrowed as immutable was borrowed as mutable.");
  }

  @Test
  void redirectPagesAreNotIndexed() throws Exception {
    ToolResult result = call(smallDocs(), "docs_search", "{\"query\":\"redirect\"}", Workspaces.context(workspace));

    assertThat(result.text()).startsWith("no documentation entries match 'redirect'");
  }

  @Test
  void missingDocumentationIsReportedClearly() throws Exception {
    ToolRegistry registry = BuiltinTools.builder().docsRoot(docs.resolve("absent")).build().registry();

    assertThat(registry.find("docs_search").orElseThrow().unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("not installed"));
    ToolResult result = call(registry, "docs_search", "{\"query\":\"Vec\"}", Workspaces.context(workspace));
    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("not installed");
  }

  @Test
  void searchesTheDocumentationInstalledWithTheToolchain() throws Exception {
    ToolRegistry registry = BuiltinTools.defaults().registry();
    assumeTrue(registry.find("docs_search").orElseThrow().unavailableReason().isEmpty(),
        "the toolchain has no rust-docs component");

    ToolResult vec = call(registry, "docs_search", "{\"query\":\"Vec\"}", Workspaces.context(workspace));
    ToolResult moved = call(registry, "docs_search", "{\"query\":\"E0382\"}", Workspaces.context(workspace));

    assertThat(vec.text()).startsWith("std::vec::Vec (struct) - A contiguous growable array type");
    assertThat(moved.text()).contains("E0382 (error code) - A variable was used after its contents have been moved");
  }

  @Test
  void onlyReads() {
    ToolRegistry registry = BuiltinTools.defaults().registry();
    assertThat(registry.find("docs_search").orElseThrow()
        .actions(Workspaces.args(registry, "docs_search", "{\"query\":\"x\"}"))).containsExactly(Action.READ);
  }
}
