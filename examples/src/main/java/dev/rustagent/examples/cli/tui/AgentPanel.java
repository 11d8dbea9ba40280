package dev.rustagent.examples.cli.tui;

import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentSession;
import dev.rustagent.core.command.CommandSpec;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.core.orchestrator.HelperHandle;
import dev.rustagent.core.orchestrator.Orchestrator;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;

/**
 * The full-screen agent panel of {@code rust-agent chat} on a terminal (JLine): the conversation
 * scrolls above the input line, the answer streams as it comes, and a status area below shows what the
 * agent is doing, the helper agents (with {@code ^K} to cancel), the pending permission question (with
 * its diff above; {@code y}, {@code n} or {@code a}) and the suggested next actions ({@code /do N}).
 * The input line has history, line editing and completion of slash commands and workspace paths.
 * {@code ^C} cancels the running turn, never the program; {@code ^D} or {@code /quit} leaves. Resizing
 * redraws the panel for the new size. Everything that came from the model or a tool is escaped.
 */
public final class AgentPanel implements AutoCloseable {
  private static final long FINISHED_HELPER_SHOWN_MILLIS = 10_000;

  private final Terminal terminal;
  private final Path workspace;
  private final PanelApprover approver = new PanelApprover();
  private final AboveWriter above = new AboveWriter();
  private final PrintWriter writer = new PrintWriter(above, true);
  private final ExecutorService turns = Executors.newSingleThreadExecutor(DaemonThreads.factory("panel-turn"));
  private final BetweenReads betweenReads;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("panel-ticker"));
  private final Map<String, Long> helperSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> helperDone = new ConcurrentHashMap<>();
  private volatile LineReader reader;
  private volatile Orchestrator orchestrator;
  private volatile CancellationToken turn;
  private volatile long turnStarted;
  private volatile List<String> suggestions = List.of();
  private volatile List<String> suggestionActions = List.of();
  private volatile String notice = "";
  private volatile String lastRunId;
  private volatile List<AttributedString> shown = List.of();

  private final boolean colour;

  private AgentPanel(Terminal terminal, Path workspace, boolean colour) {
    this.terminal = terminal;
    this.betweenReads = new BetweenReads(terminal);
    this.workspace = workspace;
    this.colour = colour;
  }

  /** Whether chat should show the panel: standard input and output are a terminal and {@code --plain} was not given. */
  public static boolean wanted(boolean plain) {
    return !plain && System.console() != null;
  }

  /** Opens the system terminal for a panel over this workspace, in colour. */
  public static AgentPanel open(Path workspace) throws IOException {
    return open(workspace, true);
  }

  /**
   * Opens the system terminal for a panel over this workspace; without {@code colour}
   * ({@code NO_COLOR}, {@code --no-color}) lines keep their bold and inverse but lose their colours.
   */
  public static AgentPanel open(Path workspace, boolean colour) throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
        .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
    return new AgentPanel(terminal, workspace.toAbsolutePath().normalize(), colour);
  }

  /** Where the CLI's reporters print: each line appears in the conversation, above the input line. */
  public PrintWriter writer() {
    return writer;
  }

  /** The approver that asks in the panel (y / n / a). */
  public PanelApprover approver() {
    return approver;
  }

  /**
   * Runs the panel until {@code /quit} or end of input.
   *
   * @param orchestrator the started orchestrator whose commands and helpers the panel shows
   * @param session the conversation
   * @param localCommand answers panel-level commands the orchestrator does not know ({@code /feedback}),
   *     given the line and the last turn's run id (null before the first); may be null
   * @return the exit code
   */
  public int run(Orchestrator orchestrator, AgentSession session, BiFunction<String, String, String> localCommand) {
    this.orchestrator = orchestrator;
    List<String> commands = new ArrayList<>(orchestrator.commands().specs().stream().map(CommandSpec::name)
        .map(n -> n.startsWith("/") ? n : "/" + n).toList());
    commands.addAll(List.of("/quit", "/do", "/cancel", "/feedback"));
    reader = LineReaderBuilder.builder().terminal(terminal).appName("rust-agent")
        .completer(new InputCompleter(workspace, commands)).build();
    bindKeys();
    terminal.puts(Capability.enter_ca_mode);
    terminal.puts(Capability.clear_screen);
    for (int i = 0; i < terminal.getHeight(); i++) {
      terminal.writer().println(); // the input line starts at the bottom; the conversation grows above it
    }
    terminal.flush();
    approver.askThrough(this::ask);
    // ^C reaches the reader as a key (bound to cancelling the turn), never as a signal that ends the program
    org.jline.terminal.Attributes attributes = terminal.getAttributes();
    attributes.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ISIG, false);
    terminal.setAttributes(attributes);
    terminal.handle(Terminal.Signal.INT, signal -> cancelTurn());
    ticker.scheduleWithFixedDelay(this::refresh, 0, 250, TimeUnit.MILLISECONDS);
    writer.println("rust-agent panel on " + workspace + ". Ask a question, or type a slash command (/help lists them).");
    try {
      while (true) {
        String line;
        try {
          betweenReads.printHeld();
          line = reader.readLine(prompt());
        } catch (UserInterruptException e) {
          betweenReads.eraseAbandonedPrompt(e.getPartialLine());
          cancelTurn();
          continue;
        } catch (EndOfFileException e) {
          return 0;
        }
        line = line.strip();
        if (line.isEmpty()) {
          continue;
        }
        if (line.equals("/quit") || line.equals("/exit")) {
          return 0;
        }
        handle(line, session, localCommand);
      }
    } finally {
      cancelTurn();
      ticker.shutdownNow();
      turns.shutdownNow();
      betweenReads.printHeld();
      terminal.puts(Capability.exit_ca_mode);
      terminal.flush();
    }
  }

  private void handle(String line, AgentSession session, BiFunction<String, String, String> localCommand) {
    if (line.length() == 1 && approver.answer(line.charAt(0))) {
      return;
    }
    if (line.equals("/cancel")) {
      notice = cancelNewestHelper();
      return;
    }
    if (line.startsWith("/do")) {
      String action = suggestion(line.substring(3).strip());
      if (action == null) {
        notice = "no such suggestion: /do takes the number shown after Next:";
        return;
      }
      line = action;
      writer.println("you> " + line);
    }
    if (turn != null) {
      notice = "busy with the last question: wait for it, or press ^C to cancel it";
      return;
    }
    if (line.startsWith("/feedback") && localCommand != null) {
      writer.println(TerminalText.safe(localCommand.apply(line, lastRunId)));
      return;
    }
    String task = line;
    CancellationToken token = CancellationToken.create();
    turn = token;
    turnStarted = System.nanoTime();
    notice = "";
    turns.submit(() -> runTurn(task, session, token));
  }

  private void runTurn(String line, AgentSession session, CancellationToken token) {
    try {
      if (SlashCommands.isCommand(line)) {
        CommandOutcome outcome = orchestrator.commands().execute(line);
        writer.println(TerminalText.safe(outcome instanceof CommandOutcome.Failed ? "failed: " + outcome.text() : outcome.text()));
        return;
      }
      session.editorContext(session.editorContext().withObjectives(orchestrator.objectives()));
      AgentResult result = session.run(line, new PanelStream(), token);
      lastRunId = result.runId();
      above.flushPartial();
      if (!result.isSuccess()) {
        writer.println("[" + result.status() + "]" + result.failureCause().map(f -> " " + TerminalText.safe(f.getMessage())).orElse(""));
      }
      suggest(session);
    } catch (RuntimeException e) {
      writer.println("failed: " + TerminalText.safe(String.valueOf(e.getMessage())));
    } finally {
      above.flushPartial();
      turn = null;
    }
  }

  /** The next actions: the open compiler errors first, then running the tests. */
  private void suggest(AgentSession session) {
    List<String> labels = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    for (String error : session.workingMemory().activeErrors()) {
      if (labels.size() == 3) {
        break;
      }
      labels.add("fix " + error);
      actions.add("Fix this compiler error: " + error);
    }
    if (Files.isRegularFile(workspace.resolve("Cargo.toml"))) {
      labels.add("run tests");
      actions.add("Run the tests with cargo test and tell me what fails.");
    }
    suggestions = List.copyOf(labels);
    suggestionActions = List.copyOf(actions);
  }

  private String suggestion(String number) {
    try {
      int n = Integer.parseInt(number);
      return n >= 1 && n <= suggestionActions.size() ? suggestionActions.get(n - 1) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void cancelTurn() {
    CancellationToken t = turn;
    approver.refusePending();
    if (t != null) {
      t.cancel();
      notice = "cancelled the running turn";
    }
  }

  private String cancelNewestHelper() {
    List<HelperHandle> running = orchestrator.network().helpers().stream().filter(h -> !h.status().isDone()).toList();
    if (running.isEmpty()) {
      return "no helper is running";
    }
    HelperHandle newest = running.get(running.size() - 1);
    newest.cancel();
    return "cancelled helper " + newest.id();
  }

  /** Shows a permission question: what the call does and its diff go above, the keys into the status area. */
  private void ask(PanelApprover.Pending pending) {
    above.flushPartial();
    writer.println("Permission asked: " + pending.request().tool() + " " + pending.request().actions()
        + (pending.request().isProtected() ? " (protected: " + String.join("; ", pending.request().risks()) + ")" : ""));
    for (String line : pending.request().description().split("\n", -1)) {
      AttributedStyle style = line.startsWith("+") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
          : line.startsWith("-") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED) : AttributedStyle.DEFAULT;
      print(new AttributedStringBuilder().style(style).append("  " + TerminalText.safe(line)).toAttributedString());
    }
  }

  private void bindKeys() {
    KeyMap<Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
    for (char key : new char[] {'y', 'n', 'a'}) {
      String widget = "panel-answer-" + key;
      reader.getWidgets().put(widget, () -> {
        if (reader.getBuffer().length() == 0 && approver.answer(key)) {
          notice = "answered " + key;
          return true;
        }
        return reader.getBuiltinWidgets().get(LineReader.SELF_INSERT).apply();
      });
      main.bind(new Reference(widget), String.valueOf(key));
    }
    reader.getWidgets().put("panel-cancel-helper", () -> {
      notice = cancelNewestHelper();
      return true;
    });
    main.bind(new Reference("panel-cancel-helper"), KeyMap.ctrl('K'));
    reader.getWidgets().put("panel-interrupt", () -> {
      if (turn == null) {
        reader.getBuffer().clear();
        notice = "^C cancels a running turn; ^D or /quit leaves";
      } else {
        cancelTurn();
      }
      return true;
    });
    main.bind(new Reference("panel-interrupt"), KeyMap.ctrl('C'));
    reader.getWidgets().put("panel-status", () -> {
      ((org.jline.reader.impl.LineReaderImpl) reader).setPrompt(prompt());
      reader.callWidget(LineReader.REDISPLAY);
      return true;
    });
    reader.getWidgets().put("panel-accept", () -> {
      // the accepted line stays in the conversation without the status lines above it
      ((org.jline.reader.impl.LineReaderImpl) reader).setPrompt("you> ");
      reader.callWidget(LineReader.REDISPLAY);
      shown = List.of();
      return reader.getBuiltinWidgets().get(LineReader.ACCEPT_LINE).apply();
    });
    main.bind(new Reference("panel-accept"), KeyMap.ctrl('M'), KeyMap.ctrl('J'));
  }

  /**
   * Redraws the status area when what it shows changed (or the terminal was resized). The status lines
   * are the first lines of the reader's prompt, so the reader keeps them below the conversation and
   * above what is being typed, through scrolling, printing above and resizing alike. Only the ticker
   * thread calls it (widgets run holding the reader's lock, so they never wait for a redraw).
   */
  private void refresh() {
    LineReader r = reader;
    if (r == null) {
      return;
    }
    try {
      if (r.isReading()) {
        betweenReads.take().forEach(r::printAbove);
      }
      List<AttributedString> lines = PanelView.render(snapshot(), terminal.getWidth(), terminal.getHeight());
      if (!lines.equals(shown)) {
        shown = lines;
        if (r.isReading()) {
          r.callWidget("panel-status"); // under the reader's lock, so printing above never sees half a change
        }
      }
    } catch (RuntimeException e) {
      // a redraw racing the terminal's close or the end of a read is harmless: the next tick redraws
    }
  }

  /** The prompt: the status lines, then {@code you> }; JLine renders the styles, '%' is kept literal. */
  private String prompt() {
    List<AttributedString> lines = shown.isEmpty()
        ? PanelView.render(snapshot(), terminal.getWidth(), terminal.getHeight()) : shown;
    StringBuilder prompt = new StringBuilder();
    betweenReads.promptLines(lines.size() + 1);
    for (AttributedString line : lines) {
      prompt.append(styled(line).toAnsi(terminal).replace("%", "%%")).append('\n');
    }
    return prompt.append("you> ").toString();
  }

  private PanelView.Snapshot snapshot() {
    long now = System.currentTimeMillis();
    List<PanelView.Helper> helpers = new ArrayList<>();
    Orchestrator o = orchestrator;
    if (o != null) {
      for (HelperHandle h : o.network().helpers()) {
        long seen = helperSeen.computeIfAbsent(h.id(), id -> now);
        long end = now;
        if (h.status().isDone()) {
          end = helperDone.computeIfAbsent(h.id(), id -> now);
          if (now - end > FINISHED_HELPER_SHOWN_MILLIS) {
            continue;
          }
        }
        helpers.add(new PanelView.Helper(h.id(), h.status().name(), h.spec().task(), (end - seen) / 1000,
            h.progress().describe()));
      }
    }
    helpers.sort(Comparator.comparing(PanelView.Helper::id));
    PanelApprover.Pending pending = approver.pending();
    String permission = pending == null ? null : pending.request().tool() + " " + pending.request().actions();
    boolean running = turn != null;
    long seconds = running ? TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - turnStarted) : 0;
    return new PanelView.Snapshot(workspace.getFileName() == null ? workspace.toString() : workspace.getFileName().toString(),
        running, seconds, above.partial(), helpers, permission, suggestions, notice);
  }

  private AttributedString styled(AttributedString line) {
    return colour ? line : PanelView.withoutColour(line);
  }

  private void print(AttributedString shownLine) {
    AttributedString line = styled(shownLine);
    LineReader r = reader;
    if (r != null && r.isReading()) {
      betweenReads.take().forEach(r::printAbove); // what came while it was not reading goes first
      r.printAbove(line);
    } else {
      betweenReads.hold(line);
    }
  }

  @Override
  public void close() throws IOException {
    terminal.close();
  }

  /** The model's answer as it streams: complete lines go above, the unfinished one shows in the status area. */
  private final class PanelStream implements StreamingHandler {
    @Override
    public void onToken(String token) {
      above.write(token);
    }

    @Override
    public void onEvent(AgentEvent event) {
      if (event instanceof AgentEvent.ModelRetried) {
        above.dropPartial();
      } else if (event instanceof AgentEvent.ModelResponded responded
          && responded.response().aiMessage().hasToolExecutionRequests()) {
        above.flushPartial();
      }
    }
  }

  /** Lines written here are printed above the input line, escaped; the unfinished one is kept apart. */
  private final class AboveWriter extends Writer {
    private final StringBuilder pending = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      write(new String(chars, off, len));
    }

    @Override
    public synchronized void write(String text) {
      pending.append(text);
      int end;
      while ((end = pending.indexOf("\n")) >= 0) {
        print(new AttributedString(TerminalText.safe(pending.substring(0, end))));
        pending.delete(0, end + 1);
      }
    }

    synchronized String partial() {
      return pending.toString();
    }

    synchronized void flushPartial() {
      if (pending.length() > 0) {
        write("\n");
      }
    }

    synchronized void dropPartial() {
      pending.setLength(0);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
