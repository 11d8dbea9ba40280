package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.RustExpert;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.LlmConfig;
import dev.rustagent.llm.claude.LlmConfig.Provider;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.mcp.McpTools;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.tools.ToolRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one agent command uses and closes at its end: the configuration, the Claude proxy (live, or the
 * demo's scripted fake Anthropic server) and the memory (the H2 store under the data directory, a
 * process-local one for {@code --demo}, or none with {@code --no-memory}).
 */
final class Invocation implements AutoCloseable {

  /**
   * What {@code --demo} brings to a command.
   *
   * @param server starts the scripted fake Anthropic server
   * @param streaming whether the model streams its answers (when {@code [llm] streaming} is on)
   * @param where what the banner says about the demo's workspace
   */
  record Demo(Supplier<FakeAnthropicServer> server, boolean streaming, String where) {}

  /** The model or the memory cannot be used; the message says why and what to do. */
  static final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }

  private final AgentConfig config;
  private final LlmConfig llm;
  private final ClaudeProxy proxy;
  private final AgentMemory memory;
  private final FakeAnthropicServer demoServer;
  private final ArtRecording art;
  private final McpTools mcp;
  private final PrintWriter err;
  private final Telemetry telemetry;
  /** A model of the ART registry that {@code [llm] model} names ({@code champion}), else null. */
  private ArtRecording.Registered registered;

  private Invocation(AgentConfig config, LlmConfig llm, ClaudeProxy proxy, AgentMemory memory,
      FakeAnthropicServer demoServer, ArtRecording art, McpTools mcp, PrintWriter err, Telemetry telemetry) {
    this.err = err;
    this.config = config;
    this.llm = llm;
    this.proxy = proxy;
    this.memory = memory;
    this.demoServer = demoServer;
    this.art = art;
    this.mcp = mcp;
    this.telemetry = telemetry;
  }

  /**
   * Connects to the model and opens the memory. With {@code --demo} it starts {@code demo}'s server,
   * points {@code config} at it, uses a memory that lives in this process only and prints a banner.
   *
   * @throws UnavailableException when no proxy answers or the memory cannot be opened
   */
  static Invocation open(CommandSpec spec, AgentOptions options, AgentConfig config, Demo demo)
      throws UnavailableException {
    return open(spec, options, config, demo, spec.commandLine().getOut());
  }

  /** As {@link #open(CommandSpec, AgentOptions, AgentConfig, Demo)}, with the demo banner printed to {@code out}. */
  static Invocation open(CommandSpec spec, AgentOptions options, AgentConfig config, Demo demo, PrintWriter out)
      throws UnavailableException {
    LlmConfig llm = options.llm(spec);
    McpTools mcp = options.mcpServers(spec);
    FakeAnthropicServer demoServer = null;
    if (options.demo()) {
      demoServer = demo.server().get();
      llm = new LlmConfig(Provider.ANTHROPIC, demoServer.baseUrl(), llm.model(), llm.maxTokens(),
          llm.temperature(), demo.streaming() && llm.streaming(), "", llm.timeout(), Duration.ZERO,
          llm.promptCaching(), llm.runTimeout());
      out.println("[demo] scripted model (no LLM is called), " + (llm.streaming() ? "streamed" : "served")
          + " over HTTP by a fake Anthropic server at " + demoServer.baseUrl() + "; " + demo.where()
          + (options.noMemory ? "" : "; memory in this process only (your data dir is not touched)"));
      out.flush();
    }
    boolean opened = false;
    try {
      ArtRecording.Settings settings = ArtRecording.Settings.of(spec, options.model.configFile);
      ArtRecording.Registered registered;
      try {
        registered = options.demo() ? null : ArtRecording.registeredModel(options.dataDir().resolve("art"),
            MemoryCommand.dataUrl(options.dataUrl), llm, settings.config()).orElse(null);
      } catch (dev.rustagent.art.ArtConfig.ArtException | IllegalArgumentException e) {
        throw new UnavailableException("error: " + TerminalText.safe(e.getMessage()));
      }
      ClaudeProxy proxy;
      try {
        proxy = registered != null ? ClaudeProxy.fromConfig(llm)
            : ModelOptions.liveProxy(llm, spec.commandLine().getErr());
      } catch (ModelOptions.UnreachableException e) {
        throw new UnavailableException(e.getMessage());
      }
      ArtRecording art = options.noArt || options.demo() ? null
          : ArtRecording.open(options.dataDir().resolve("art"), MemoryCommand.dataUrl(options.dataUrl),
              llm.model(), keywordOnly(spec, options), settings, spec.commandLine().getErr());
      Invocation invocation = new Invocation(config, llm, proxy, openMemory(spec, options), demoServer, art, mcp,
          spec.commandLine().getErr(), options.otel ? Telemetry.fromEnvironment() : null);
      invocation.registered = registered;
      if (mcp != null) {
        mcp.start();
      }
      opened = true;
      return invocation;
    } finally {
      if (!opened && demoServer != null) {
        demoServer.close();
      }
      if (!opened && mcp != null) {
        mcp.close();
      }
    }
  }

  /**
   * {@code --no-embeddings}, {@code RUST_AGENT_MEMORY_EMBEDDINGS=false} or {@code [memory] embeddings = false};
   * a bad value is a usage error.
   */
  private static boolean keywordOnly(CommandSpec spec, AgentOptions options) {
    try {
      return MemoryOpener.keywordOnly(options.noEmbeddings, options.model.configFile, System.getenv());
    } catch (IllegalArgumentException | dev.rustagent.core.AgentConfig.AgentConfigException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static AgentMemory openMemory(CommandSpec spec, AgentOptions options) throws UnavailableException {
    if (options.noMemory) {
      return null;
    }
    boolean keywordOnly = keywordOnly(spec, options);
    if (options.demo()) {
      return MemoryOpener.inMemory(keywordOnly);
    }
    try {
      return MemoryOpener.open(options.dataDir(), options.dataUrl, keywordOnly, spec.commandLine().getErr(),
          Terminal.stderrIsTerminal());
    } catch (MemoryException e) {
      throw new UnavailableException("error: cannot open the agent's memory: " + TerminalText.safe(e.getMessage())
          + " (--data-dir or --data-url chooses another place, --no-memory runs without it)");
    }
  }

  AgentConfig config() {
    return config;
  }

  /** The model's configuration ({@code [llm]}, the environment and the flags; the demo's server with --demo). */
  LlmConfig llm() {
    return llm;
  }

  ClaudeProxy proxy() {
    return proxy;
  }

  /** The memory, or null with {@code --no-memory}. */
  AgentMemory memory() {
    return memory;
  }

  /**
   * A Rust-expert agent builder with this invocation's model (the registered one {@code [llm] model} names, such as
   * the champion, else the proxy's; streamed from that same model when {@code [llm] streaming}
   * is on), its token counter, configuration ({@code [context]}, the run timeout) and memory; the
   * command adds its tools, workspace and approver.
   */
  Agent.Builder agent() {
    Agent.Builder builder = ModelOptions.runTimeout(RustExpert.builder()
        .chatModel(registered != null ? registered.chat() : proxy.chatModel()).config(config), llm);
    if (registered == null) {
      builder.tokenCountEstimator(proxy.tokenCountEstimator());
    }
    if (proxy.streaming()) {
      // a registered model (the champion) streams from its own endpoint, as it answers
      builder.streamingChatModel(registered != null ? registered.streaming() : proxy.streamingChatModel());
    }
    if (memory != null) {
      builder.plugin(dev.rustagent.memory.MemoryPlugin.of(memory));
    }
    if (art != null) {
      builder.plugin(art.plugin());
    }
    if (telemetry != null) {
      builder.plugin(telemetry.plugin());
    }
    return builder;
  }

  /**
   * The tools of the agent: the ones on the class path ({@link ToolRegistry#discover()}) and those of
   * the MCP servers of the config file's {@code [mcp]} table ({@code SERVER__tool}).
   */
  ToolRegistry tools() {
    ToolRegistry tools = ToolRegistry.discover();
    if (mcp == null) {
      return tools;
    }
    mcp.registerInto(tools);
    mcp.failures().forEach((server, problem) -> err.println("warning: " + problem));
    err.flush();
    return tools;
  }

  /** The run's recording, when ART is set up and not turned off; else null. */
  ArtRecording art() {
    return art;
  }

  /**
   * For {@code chat} and {@code serve}: starts {@code [art] enable_training}'s background training when
   * ART records this invocation; its lines go to {@code out}.
   */
  void startBackgroundTraining(PrintWriter out) {
    if (art != null) {
      art.startTraining(out);
    }
  }

  /** After a run: says where it was recorded and how to rate it, or why it was not recorded. */
  void reportRecording(PrintWriter out, dev.rustagent.core.AgentResult result) {
    if (art != null) {
      art.report(out, result);
    }
  }

  /** Stops the MCP servers, closes the memory and the ART store, flushes telemetry and stops the demo server. */
  @Override
  public void close() {
    if (mcp != null) {
      mcp.close();
    }
    try {
      if (memory != null) {
        memory.close();
      }
      if (art != null) {
        art.close();
      }
    } finally {
      try {
        if (telemetry != null) {
          telemetry.close();
        }
      } finally {
        if (demoServer != null) {
          demoServer.close();
        }
      }
    }
  }
}
