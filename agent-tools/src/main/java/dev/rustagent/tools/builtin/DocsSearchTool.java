package dev.rustagent.tools.builtin;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.DocsIndex;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code docs_search} tool: searches, offline, the Rust documentation installed with the
 * toolchain ({@code $(rustc --print sysroot)/share/doc/rust/html}): items of {@code std}, {@code alloc},
 * {@code proc_macro} and {@code test} (std re-exports core) by name, path and summary, and the compiler's error-code explanations. The index
 * is built on first use and kept.
 */
final class DocsSearchTool extends BuiltinTool {
  private static final List<String> CRATES = List.of("std", "alloc", "proc_macro", "test");
  private static final int RESULTS = 12;

  private final BuiltinTools config;
  private volatile DocsIndex index;
  private volatile Path root;

  DocsSearchTool(BuiltinTools config) {
    super("docs_search",
        "Searches the installed Rust standard library documentation and compiler error explanations "
            + "offline. Returns item paths (e.g. std::vec::Vec), kinds and one-line summaries.",
        JsonObjectSchema.builder()
            .addStringProperty("query", "an item name, path or words, e.g. HashMap, std::fs::read, E0502")
            .required("query")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      Path docs = docsRoot();
      return Files.isDirectory(docs) ? Optional.empty()
          : Optional.of("the Rust documentation is not installed at " + docs
              + " (rustup component add rust-docs)");
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Path docsRoot() throws IOException {
    if (config.docsRoot != null) {
      return config.docsRoot;
    }
    Path found = root;
    if (found == null) {
      try {
        ProcessRunner.Outcome outcome = ProcessRunner.run(
            new ProcessRunner.Command(List.of(dev.rustagent.tools.spi.internal.Programs.find(config.rustc)
                .orElseThrow(() -> new IOException("rustc is not installed, so the Rust documentation "
                    + "cannot be found")).toString(), "--print", "sysroot"),
                Path.of(System.getProperty("java.io.tmpdir")), Map.copyOf(config.environment), null),
            Duration.ofSeconds(30), dev.rustagent.tools.ToolContext.CancellationToken.create(), 100_000);
        if (!outcome.succeeded()) {
          throw new IOException("rustc --print sysroot failed: " + outcome.combined().strip());
        }
        found = Path.of(outcome.stdout().strip(), "share", "doc", "rust", "html");
        root = found;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking rustc for its sysroot", e);
      }
    }
    return found;
  }

  private DocsIndex index() throws IOException {
    DocsIndex current = index;
    if (current == null) {
      synchronized (this) {
        current = index;
        if (current == null) {
          Path docs = docsRoot();
          if (!Files.isDirectory(docs)) {
            throw new IOException("the Rust documentation is not installed at " + docs
                + " (rustup component add rust-docs)");
          }
          current = DocsIndex.build(docs, CRATES);
          index = current;
        }
      }
    }
    return current;
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) {
    String query = arguments.string("query");
    if (query.isBlank()) {
      return ToolResult.failure("'query' must not be empty");
    }
    DocsIndex docs;
    try {
      docs = index();
    } catch (IOException e) {
      return ToolResult.failure("docs_search cannot read the documentation: " + e.getMessage());
    }
    List<DocsIndex.Entry> found = docs.search(query, RESULTS);
    if (found.isEmpty()) {
      return ToolResult.success("no documentation entries match '" + query + "' (searched " + docs.size()
          + " items of " + CRATES + " and the error codes)");
    }
    StringBuilder out = new StringBuilder();
    for (DocsIndex.Entry entry : found) {
      out.append(entry.path()).append(" (").append(entry.kind()).append(")");
      if (!entry.summary().isEmpty()) {
        out.append(" - ").append(entry.summary());
      }
      out.append("\n    ").append(entry.file()).append('\n');
    }
    if (query.strip().matches("(?i)E\\d{4}")) {
      out.append("Use rustc_explain for the full explanation of an error code.\n");
    }
    return capped(true, out.toString(), context, null);
  }
}
