package dev.rustagent.tools.internal;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One language server process spoken to over stdio with Eclipse LSP4J: initialised for a workspace
 * folder, told about opened and changed files, asked for diagnostics, hover text, definitions and
 * symbols, and finally shut down with its process tree killed. Not thread-safe: callers serialise use.
 */
public final class LspSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LspSession.class);

  private final Process process;
  private final LanguageServer server;
  private final String languageId;
  private final Map<String, List<Diagnostic>> diagnostics = new HashMap<>();
  private final Map<String, Integer> publications = new HashMap<>();
  private final Object lock = new Object();

  private LspSession(Process process, LanguageServer server, String languageId) {
    this.process = process;
    this.server = server;
    this.languageId = languageId;
  }

  /**
   * Starts the server and completes the LSP handshake.
   *
   * @throws IOException when the server cannot be started or does not answer {@code initialize} in time
   */
  @SuppressWarnings("deprecation") // rootUri: older servers (clangd 14) still read it
  public static LspSession start(List<String> command, Path workspace, Map<String, String> environment,
      String languageId, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder = ProcessRunner.processBuilder(command, workspace, environment, java.util.Set.of());
    Process process = builder.start();
    drainStderr(process.getErrorStream(), command.get(0));
    Client client = new Client();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, process.getInputStream(), process.getOutputStream());
    launcher.startListening();
    LspSession session = new LspSession(process, launcher.getRemoteProxy(), languageId);
    client.session = session;
    try {
      InitializeParams init = new InitializeParams();
      init.setProcessId((int) ProcessHandle.current().pid());
      String rootUri = workspace.toUri().toString();
      init.setRootUri(rootUri);
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(rootUri, workspace.getFileName().toString())));
      ClientCapabilities capabilities = new ClientCapabilities();
      TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
      text.setHover(new HoverCapabilities(List.of(MarkupKind.PLAINTEXT, MarkupKind.MARKDOWN), false));
      DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
      symbols.setHierarchicalDocumentSymbolSupport(true);
      text.setDocumentSymbol(symbols);
      text.setPublishDiagnostics(new PublishDiagnosticsCapabilities(true));
      capabilities.setTextDocument(text);
      init.setCapabilities(capabilities);
      session.server.initialize(init).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      session.server.initialized(new InitializedParams());
      return session;
    } catch (ExecutionException | TimeoutException e) {
      session.close();
      throw new IOException("the language server '" + command.get(0) + "' did not initialise: "
          + (e instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s" : e.getCause()), e);
    }
  }

  /** Sends {@code textDocument/didOpen} for the file with its current text. */
  public void open(Path file, String text) {
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
        new TextDocumentItem(uri(file), languageId, 1, text)));
  }

  /** Sends {@code textDocument/didChange} with the file's whole new text. */
  public void change(Path file, String text, int version) {
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri(file), version),
        List.of(new TextDocumentContentChangeEvent(text))));
  }

  /** Whether the server process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id of the server. */
  public long pid() {
    return process.pid();
  }

  /** How many times the server has published diagnostics for the file. */
  public int publications(Path file) {
    synchronized (lock) {
      return publications.getOrDefault(key(uri(file)), 0);
    }
  }

  /**
   * Waits for the diagnostics of an opened file: until a publication after the first {@code seen} ones
   * arrives (or the timeout passes), then {@code settle} longer for later ones. Empty when none arrived.
   */
  public List<Diagnostic> diagnostics(Path file, int seen, Duration timeout, Duration settle)
      throws InterruptedException {
    String key = key(uri(file));
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (publications.getOrDefault(key, 0) <= seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return List.of();
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      long settleEnd = Math.min(deadline, System.nanoTime() + settle.toNanos());
      while (true) {
        long left = settleEnd - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return List.copyOf(diagnostics.getOrDefault(key, List.of()));
    }
  }

  /** {@code textDocument/hover}; {@code null} when the server has nothing there. */
  public Hover hover(Path file, Position position, Duration timeout) throws IOException, InterruptedException {
    return await(server.getTextDocumentService().hover(
        new HoverParams(new TextDocumentIdentifier(uri(file)), position)), timeout, "hover");
  }

  /** {@code textDocument/definition} as plain locations. */
  public List<Location> definition(Path file, Position position, Duration timeout)
      throws IOException, InterruptedException {
    Either<List<? extends Location>, List<? extends LocationLink>> result = await(
        server.getTextDocumentService().definition(
            new DefinitionParams(new TextDocumentIdentifier(uri(file)), position)), timeout, "definition");
    List<Location> locations = new ArrayList<>();
    if (result == null) {
      return locations;
    }
    if (result.isLeft()) {
      locations.addAll(result.getLeft());
    } else {
      for (LocationLink link : result.getRight()) {
        locations.add(new Location(link.getTargetUri(), link.getTargetSelectionRange()));
      }
    }
    return locations;
  }

  /** {@code textDocument/documentSymbol}. */
  public List<Either<SymbolInformation, DocumentSymbol>> documentSymbols(Path file, Duration timeout)
      throws IOException, InterruptedException {
    List<Either<SymbolInformation, DocumentSymbol>> result = await(server.getTextDocumentService()
        .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri(file)))), timeout, "documentSymbol");
    return result == null ? List.of() : result;
  }

  /** {@code workspace/symbol}. */
  public Either<List<? extends SymbolInformation>, List<? extends WorkspaceSymbol>> workspaceSymbols(
      String query, Duration timeout) throws IOException, InterruptedException {
    return await(server.getWorkspaceService().symbol(new WorkspaceSymbolParams(query)), timeout, "workspace/symbol");
  }

  /** The path of a {@code file:} URI sent by the server. */
  public static Path path(String uri) {
    return Path.of(URI.create(uri));
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        server.shutdown().get(3, TimeUnit.SECONDS);
        server.exit();
        process.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("language server did not shut down cleanly: {}", e.toString());
    } finally {
      ProcessRunner.killTree(process);
    }
  }

  private <T> T await(CompletableFuture<T> future, Duration timeout, String what)
      throws IOException, InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the language server failed the " + what + " request: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("the language server did not answer the " + what + " request within "
          + timeout.toSeconds() + " s", e);
    }
  }

  private static String uri(Path file) {
    return file.toUri().toString();
  }

  private static String key(String uri) {
    try {
      return Path.of(URI.create(uri)).normalize().toString();
    } catch (RuntimeException e) {
      return uri;
    }
  }

  void publish(PublishDiagnosticsParams params) {
    String key = key(params.getUri());
    synchronized (lock) {
      diagnostics.put(key, List.copyOf(params.getDiagnostics()));
      publications.merge(key, 1, Integer::sum);
      lock.notifyAll();
    }
  }

  private static void drainStderr(InputStream stderr, String name) {
    DaemonThreads.start(() -> {
      byte[] buffer = new byte[8192];
      try (stderr) {
        while (stderr.read(buffer) >= 0) {
          // the server's log is not needed; reading keeps its pipe from filling up
        }
      } catch (IOException e) {
        log.trace("stderr of {} closed", name);
      }
    }, "lsp-stderr");
  }

  /** Receives what the server sends on its own initiative. */
  private static final class Client implements LanguageClient {
    private volatile LspSession session;

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      LspSession current = session;
      if (current != null) {
        current.publish(diagnostics);
      }
    }

    @Override
    public void showMessage(MessageParams messageParams) {
      log.debug("language server: {}", messageParams.getMessage());
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {
      log.trace("language server log: {}", message.getMessage());
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {}

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
      List<Object> answers = new ArrayList<>();
      params.getItems().forEach(item -> answers.add(null));
      return CompletableFuture.completedFuture(answers);
    }

    @Override
    public CompletableFuture<List<WorkspaceFolder>> workspaceFolders() {
      return CompletableFuture.completedFuture(List.of());
    }
  }
}
