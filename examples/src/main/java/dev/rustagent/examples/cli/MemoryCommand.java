package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.MemoryStats;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rust-agent memory search|export|import|stats}: the agent's memory, an H2 database under
 * {@code --data-dir}, else {@code $RUST_AGENT_DATA}, else {@code ~/.rust-agent}.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Search, export, import or count the agent's memory.",
    subcommands = {MemoryCommand.Search.class, MemoryCommand.Export.class, MemoryCommand.Import.class,
        MemoryCommand.Stats.class})
final class MemoryCommand {

  @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Where the memory lives (default: $RUST_AGENT_DATA, else ~/.rust-agent).")
  Path dataDir;

  @Option(names = "--no-embeddings", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Search by keywords only, without the in-process embedding model (also: "
          + MemoryOpener.EMBEDDINGS_VARIABLE + "=false).")
  boolean noEmbeddings;

  @Option(names = "--data-url", paramLabel = "JDBC_URL", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "A PostgreSQL database shared by many agents (jdbc:postgresql://host/db?user=...; default:"
          + " $RUST_AGENT_DATA_URL); overrides --data-dir.")
  String dataUrl;

  Path dataDir() {
    return dataDir(dataDir);
  }

  /** The shared database's JDBC URL: {@code explicit} if given, else $RUST_AGENT_DATA_URL, else null (H2). */
  static String dataUrl(String explicit) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String env = System.getenv("RUST_AGENT_DATA_URL");
    return env != null && !env.isBlank() ? env : null;
  }

  /** The memory: PostgreSQL at the data URL when there is one, else H2 under the data directory. */
  static AgentMemory open(Path dataDir, String dataUrl) {
    String url = dataUrl(dataUrl);
    if (url == null) {
      return AgentMemory.h2(dataDir);
    }
    try {
      return AgentMemory.postgres(url);
    } catch (IllegalArgumentException e) {
      throw new MemoryException(e.getMessage(), e);
    }
  }

  /** Where the memory is, for messages (never a password). */
  static String where(Path dataDir, String dataUrl) {
    String url = dataUrl(dataUrl);
    return url == null ? dataDir.toAbsolutePath().toString() : dev.rustagent.memory.internal.jdbc.PostgresPool.withoutCredentials(url);
  }

  /** The memory's data directory: {@code explicit} if given, else $RUST_AGENT_DATA, else ~/.rust-agent. */
  static Path dataDir(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String env = System.getenv("RUST_AGENT_DATA");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".rust-agent");
  }

  /** Opens the memory, runs the action, and reports memory errors as a failed exit. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand
    MemoryCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean keywordOnly;
      try {
        keywordOnly = MemoryOpener.keywordOnly(parent.noEmbeddings, System.getenv());
      } catch (IllegalArgumentException | dev.rustagent.core.AgentConfig.AgentConfigException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try (AgentMemory memory = MemoryOpener.open(parent.dataDir(), parent.dataUrl, keywordOnly, spec.commandLine().getErr(),
          Terminal.stderrIsTerminal())) {
        run(memory, out);
        out.flush();
        return RustAgentCli.EXIT_OK;
      } catch (MemoryException e) {
        spec.commandLine().getErr().println("memory: " + TerminalText.safe(e.getMessage()));
        return RustAgentCli.EXIT_FAILED;
      }
    }

    abstract void run(AgentMemory memory, PrintWriter out);
  }

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Past episodes, remembered items, patterns and commands matching a query.")
  static final class Search extends Action {
    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "What to look for.")
    String[] words;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5", description = "Most hits per kind (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void run(AgentMemory memory, PrintWriter out) {
      OptionRanges.within(spec, "--limit", limit, 1, 1000);
      String query = String.join(" ", words);
      out.println("Episodes:");
      List<Scored<Episode>> episodes = memory.episodes().similar(query, limit);
      for (Scored<Episode> hit : episodes) {
        var i = hit.value().interaction();
        out.printf("  %.3f  [%s] %s -> %s%n", hit.score(), i.success() ? "ok" : "failed", oneLine(i.userMessage()),
            oneLine(i.agentResponse()));
      }
      nothingRelevant(out, episodes);
      out.println("Items:");
      List<Scored<MemoryItem>> items = memory.semantic().search(SemanticQuery.builder(query).topK(limit).build());
      for (Scored<MemoryItem> hit : items) {
        out.printf("  %.3f  %s %s%n", hit.score(), oneLine(hit.value().text()), oneLine(String.valueOf(hit.value().metadata())));
      }
      nothingRelevant(out, items);
      out.println("Patterns:");
      List<Scored<CodePattern>> patterns = memory.knowledge().searchPatterns(query, limit);
      for (Scored<CodePattern> hit : patterns) {
        CodePattern p = hit.value();
        out.printf("  %.3f  %s (%s, used %d times): %s%n", hit.score(), oneLine(p.name()), oneLine(p.category()), p.useCount(),
            oneLine(p.description()));
      }
      nothingRelevant(out, patterns);
      out.println("Commands:");
      List<Scored<ToolCommand>> commands = memory.knowledge().searchCommands(query, null, limit);
      for (Scored<ToolCommand> hit : commands) {
        out.printf("  %.3f  %s: %s%n", hit.score(), oneLine(hit.value().command()), oneLine(hit.value().description()));
      }
      nothingRelevant(out, commands);
    }

    private static void nothingRelevant(PrintWriter out, List<?> hits) {
      if (hits.isEmpty()) {
        out.println("  (nothing relevant)");
      }
    }

    private static String oneLine(String s) {
      String flat = TerminalText.safe(s.replaceAll("\\s+", " ").strip());
      return flat.length() > 100 ? flat.substring(0, 99) + "…" : flat;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the whole memory as JSON files.")
  static final class Export extends Action {
    @Parameters(paramLabel = "DIR", description = "Directory to write into.")
    Path target;

    @Override
    void run(AgentMemory memory, PrintWriter out) {
      out.println("exported to " + target + ": " + describe(memory.exportTo(target)));
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Add what a JSON export holds.")
  static final class Import extends Action {
    @Parameters(paramLabel = "DIR", description = "A directory written by 'memory export'.")
    Path source;

    @Override
    void run(AgentMemory memory, PrintWriter out) {
      out.println("imported from " + source + ": " + describe(memory.importFrom(source)));
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "What the memory holds.")
  static final class Stats extends Action {
    @Override
    void run(AgentMemory memory, PrintWriter out) {
      MemoryStats s = memory.stats();
      out.println("data:            " + where(parent.dataDir(), parent.dataUrl));
      out.println("episodes:        " + s.episodes() + " in " + s.sessions() + " sessions");
      out.println("items:           " + s.semanticItems());
      out.println("patterns:        " + s.patterns());
      out.println("commands:        " + s.commands());
      out.println("metric samples:  " + s.metricSamples());
      out.println("embedding model: " + TerminalText.safe(s.embeddingModel())
          + (s.embeddingDimension() > 0 ? " (" + s.embeddingDimension() + " dimensions)" : ""));
      out.println("schema version:  " + s.schemaVersion());
    }
  }

  static String describe(ArchiveSummary s) {
    return s.episodes() + " episodes, " + s.semanticItems() + " items, " + s.patterns() + " patterns, "
        + s.commands() + " commands, " + s.metricSamples() + " metric samples";
  }
}
