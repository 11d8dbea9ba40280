package dev.rustagent.tools.builtin;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.LspSession;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.Programs;
import dev.rustagent.tools.internal.TextFiles;
import dev.rustagent.tools.spi.internal.WorkspacePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The {@code rust_analyzer} tool: asks a language server (rust-analyzer by default, any LSP server
 * speaking stdio when configured) for a file's diagnostics, the hover text or the definition at a
 * position, or symbols. The server is started on the first call for a workspace and kept for the next
 * ones (files it was shown are re-sent when they change on disk) until it has been idle for
 * {@link BuiltinTools.Builder#languageServerIdle}; calls on one workspace take turns. When the server
 * cannot run ({@code --version} fails) the tool reports why and the registry leaves it out of the
 * model's tool list.
 */
final class RustAnalyzerTool extends BuiltinTool {
  static final List<String> REQUESTS = List.of("diagnostics", "hover", "definition", "symbols");

  private final BuiltinTools config;
  private final Map<Path, Server> servers = new HashMap<>();
  private ScheduledExecutorService reaper;
  private volatile Optional<String> unavailable;

  RustAnalyzerTool(BuiltinTools config) {
    super("rust_analyzer",
        "Asks rust-analyzer about the code: 'diagnostics' of a file, 'hover' (type and docs) or "
            + "'definition' at a 1-based line and column, or 'symbols' of a file (path) or of the "
            + "workspace matching 'query'.",
        JsonObjectSchema.builder()
            .addEnumProperty("request", REQUESTS, "what to ask")
            .addStringProperty("path", "file relative to the workspace root")
            .addIntegerProperty("line", "1-based line, for hover and definition")
            .addIntegerProperty("column", "1-based column, for hover and definition")
            .addStringProperty("query", "symbol name to look for in the workspace, for symbols")
            .required("request")
            .build());
    this.config = config;
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  public Optional<String> unavailableReason() {
    Optional<String> known = unavailable;
    if (known == null) {
      known = probe();
      if (!Thread.currentThread().isInterrupted()) {
        unavailable = known;
      }
    }
    return known;
  }

  private Optional<String> probe() {
    String program = config.languageServer.get(0);
    Optional<Path> resolved = Programs.find(program);
    if (resolved.isEmpty()) {
      return Optional.of(program + " is not installed ('" + program + "' was not found on the PATH or in "
          + "~/.cargo/bin); the rust_analyzer tool cannot be used on this machine");
    }
    try {
      ProcessRunner.Outcome outcome = ProcessRunner.run(new ProcessRunner.Command(
              List.of(resolved.get().toString(), "--version"), Path.of(System.getProperty("java.io.tmpdir")),
              config.environment, null),
          Duration.ofSeconds(20), CancellationToken.create(), 100_000);
      if (!outcome.succeeded()) {
        return Optional.of(program + " is installed but does not work ('" + program + " --version' failed: "
            + firstLine(outcome.combined()) + "); the rust_analyzer tool cannot be used on this machine");
      }
      return Optional.empty();
    } catch (ProcessRunner.StartException e) {
      return Optional.of(program + " cannot be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking " + program);
    }
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException, IOException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      return ToolResult.failure(reason.get());
    }
    String request = arguments.string("request");
    if (!REQUESTS.contains(request)) {
      return ToolResult.failure("unknown request '" + request + "'; use one of " + REQUESTS);
    }
    Optional<String> given = arguments.optionalString("path");
    if (given.isEmpty() && !(request.equals("symbols") && arguments.has("query"))) {
      return ToolResult.failure("request '" + request + "' needs 'path'"
          + (request.equals("symbols") ? " or 'query'" : ""));
    }
    Path file = null;
    String text = null;
    if (given.isPresent()) {
      file = WorkspacePaths.resolve(context.workspaceRoot(), given.get());
      if (!Files.isRegularFile(file)) {
        return ToolResult.failure("no file '" + given.get() + "' in the workspace");
      }
      try {
        text = TextFiles.read(file, given.get());
      } catch (TextFiles.NotTextException e) {
        return ToolResult.failure(e.getMessage());
      }
    }
    Position position = null;
    if (request.equals("hover") || request.equals("definition")) {
      Optional<Long> line = arguments.integer("line");
      Optional<Long> column = arguments.integer("column");
      if (line.isEmpty() || column.isEmpty() || line.get() < 1 || column.get() < 1) {
        return ToolResult.failure("request '" + request + "' needs 'line' and 'column', both 1-based");
      }
      position = new Position((int) (line.get() - 1), (int) (column.get() - 1));
    }
    Duration timeout = context.timeout();
    Server server;
    try {
      server = acquire(context.workspaceRoot(), timeout);
    } catch (IOException e) {
      return ToolResult.failure(e.getMessage());
    }
    Runnable stop = () -> discard(server);
    context.cancellation().onCancel(stop);
    server.lock.lock();
    try {
      LspSession session = server.session;
      int seen = -1;
      if (file != null) {
        seen = server.sync(file, text);
      }
      String answer = switch (request) {
        case "diagnostics" -> diagnostics(session.diagnostics(file, seen, timeout, config.languageServerSettle),
            WorkspacePaths.relative(context.workspaceRoot(), file));
        case "hover" -> hover(session.hover(file, position, timeout));
        case "definition" -> locations(session.definition(file, position, timeout), context);
        default -> arguments.has("query")
            ? workspaceSymbols(session.workspaceSymbols(arguments.string("query"), timeout), context)
            : documentSymbols(session.documentSymbols(file, timeout));
      };
      return capped(true, answer, context, null);
    } catch (IOException e) {
      discard(server);
      return ToolResult.failure(e.getMessage());
    } finally {
      server.lastUsed = System.nanoTime();
      server.lock.unlock();
      if (config.languageServerIdle.isZero()) {
        discard(server);
      }
    }
  }

  /** A running language server for one workspace and the files it has been shown. */
  private static final class Server {
    final Path root;
    final LspSession session;
    final ReentrantLock lock = new ReentrantLock();
    final Map<Path, String> texts = new HashMap<>();
    final Map<Path, Integer> versions = new HashMap<>();
    volatile long lastUsed = System.nanoTime();

    Server(Path root, LspSession session) {
      this.root = root;
      this.session = session;
    }

    /**
     * Opens the file, or sends its new text when it changed since the server last saw it. Returns how
     * many diagnostics publications to wait past: those before the change, or one less than seen so
     * far when nothing changed (the latest one still holds).
     */
    int sync(Path file, String text) {
      String known = texts.get(file);
      if (known == null) {
        int before = session.publications(file);
        session.open(file, text);
        versions.put(file, 1);
        texts.put(file, text);
        return before;
      }
      if (!known.equals(text)) {
        int before = session.publications(file);
        int version = versions.merge(file, 1, Integer::sum);
        session.change(file, text, version);
        texts.put(file, text);
        return before;
      }
      return Math.max(0, session.publications(file) - 1);
    }
  }

  private Server acquire(Path root, Duration timeout) throws IOException, InterruptedException {
    synchronized (servers) {
      Server server = servers.get(root);
      if (server != null && server.session.isAlive()) {
        return server;
      }
      if (server != null) {
        servers.remove(root);
        server.session.close();
      }
      List<String> command = new ArrayList<>(config.languageServer);
      command.set(0, Programs.find(command.get(0)).orElseThrow(
          () -> new IOException(command.get(0) + " is not installed")).toString());
      server = new Server(root, LspSession.start(command, root, config.environment, config.languageId, timeout));
      servers.put(root, server);
      scheduleReaper();
      return server;
    }
  }

  private void discard(Server server) {
    synchronized (servers) {
      servers.remove(server.root, server);
    }
    server.session.close();
  }

  private void scheduleReaper() {
    if (config.languageServerIdle.isZero() || reaper != null) {
      return;
    }
    reaper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("language-server-reaper"));
    long period = Math.max(100, config.languageServerIdle.toMillis() / 2);
    reaper.scheduleWithFixedDelay(this::stopIdleServers, period, period, TimeUnit.MILLISECONDS);
  }

  private void stopIdleServers() {
    List<Server> idle = new ArrayList<>();
    synchronized (servers) {
      for (Server server : servers.values()) {
        boolean unused = System.nanoTime() - server.lastUsed > config.languageServerIdle.toNanos();
        if (unused && server.lock.tryLock()) {
          idle.add(server);
        }
      }
      idle.forEach(server -> servers.remove(server.root, server));
    }
    for (Server server : idle) {
      try {
        server.session.close();
      } finally {
        server.lock.unlock();
      }
    }
  }

  private static String diagnostics(List<Diagnostic> diagnostics, String name) {
    if (diagnostics.isEmpty()) {
      return "no diagnostics for " + name;
    }
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      out.append(name).append(':').append(d.getRange().getStart().getLine() + 1).append(':')
          .append(d.getRange().getStart().getCharacter() + 1).append(": ")
          .append(d.getSeverity() == null ? "diagnostic" : d.getSeverity().name().toLowerCase(java.util.Locale.ROOT))
          .append(": ").append(d.getMessage().replace("\n", " "));
      if (d.getCode() != null) {
        out.append(" [").append(d.getCode().isLeft() ? d.getCode().getLeft() : d.getCode().getRight()).append(']');
      }
      out.append('\n');
    }
    return out.toString();
  }

  // servers still send the LSP 3.x shapes that LSP4J marks deprecated
  @SuppressWarnings("deprecation")
  private static String hover(Hover hover) {
    if (hover == null || hover.getContents() == null) {
      return "nothing to show at that position";
    }
    if (hover.getContents().isRight()) {
      return hover.getContents().getRight().getValue();
    }
    StringBuilder out = new StringBuilder();
    for (Either<String, MarkedString> part : hover.getContents().getLeft()) {
      out.append(part.isLeft() ? part.getLeft() : part.getRight().getValue()).append('\n');
    }
    return out.toString().isBlank() ? "nothing to show at that position" : out.toString();
  }

  private static String locations(List<Location> locations, ToolContext context) {
    if (locations.isEmpty()) {
      return "no definition found at that position";
    }
    StringBuilder out = new StringBuilder();
    for (Location location : locations) {
      out.append(shownPath(location.getUri(), context)).append(':')
          .append(location.getRange().getStart().getLine() + 1).append(':')
          .append(location.getRange().getStart().getCharacter() + 1).append('\n');
    }
    return out.toString();
  }

  // servers still send the LSP 3.x shapes that LSP4J marks deprecated
  @SuppressWarnings("deprecation")
  private static String documentSymbols(List<Either<SymbolInformation, DocumentSymbol>> symbols) {
    if (symbols.isEmpty()) {
      return "no symbols";
    }
    StringBuilder out = new StringBuilder();
    for (Either<SymbolInformation, DocumentSymbol> symbol : symbols) {
      if (symbol.isRight()) {
        appendSymbol(out, symbol.getRight(), 0);
      } else {
        SymbolInformation info = symbol.getLeft();
        out.append(info.getKind().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(info.getName())
            .append(" (line ").append(info.getLocation().getRange().getStart().getLine() + 1).append(")\n");
      }
    }
    return out.toString();
  }

  private static void appendSymbol(StringBuilder out, DocumentSymbol symbol, int depth) {
    out.append("  ".repeat(depth)).append(symbol.getKind().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
        .append(symbol.getName()).append(" (line ").append(symbol.getRange().getStart().getLine() + 1).append(")\n");
    if (symbol.getChildren() != null) {
      for (DocumentSymbol child : symbol.getChildren()) {
        appendSymbol(out, child, depth + 1);
      }
    }
  }

  // servers still send the LSP 3.x shapes that LSP4J marks deprecated
  @SuppressWarnings("deprecation")
  private static String workspaceSymbols(
      Either<List<? extends SymbolInformation>, List<? extends WorkspaceSymbol>> symbols, ToolContext context) {
    StringBuilder out = new StringBuilder();
    if (symbols != null && symbols.isLeft()) {
      for (SymbolInformation info : symbols.getLeft()) {
        out.append(info.getKind().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(info.getName())
            .append(" at ").append(shownPath(info.getLocation().getUri(), context)).append(':')
            .append(info.getLocation().getRange().getStart().getLine() + 1).append('\n');
      }
    } else if (symbols != null) {
      for (WorkspaceSymbol symbol : symbols.getRight()) {
        String uri = symbol.getLocation().isLeft() ? symbol.getLocation().getLeft().getUri()
            : symbol.getLocation().getRight().getUri();
        out.append(symbol.getKind().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(symbol.getName())
            .append(" in ").append(shownPath(uri, context)).append('\n');
      }
    }
    return out.length() == 0 ? "no symbols match" : out.toString();
  }

  private static String shownPath(String uri, ToolContext context) {
    try {
      Path path = LspSession.path(uri);
      return path.startsWith(context.workspaceRoot())
          ? WorkspacePaths.relative(context.workspaceRoot(), path) : path.toString();
    } catch (RuntimeException e) {
      return uri;
    }
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
