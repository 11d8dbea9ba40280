package dev.rustagent.examples.cli;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.RustExpert;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.testkit.FakeAnthropicServer;
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
   * @param streaming whether the model streams its answers
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
  private final ClaudeProxy proxy;
  private final AgentMemory memory;
  private final FakeAnthropicServer demoServer;
  private final Telemetry telemetry;

  private Invocation(AgentConfig config, ClaudeProxy proxy, AgentMemory memory, FakeAnthropicServer demoServer,
      Telemetry telemetry) {
    this.config = config;
    this.proxy = proxy;
    this.memory = memory;
    this.demoServer = demoServer;
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
    PrintWriter out = spec.commandLine().getOut();
    FakeAnthropicServer demoServer = null;
    if (options.demo()) {
      demoServer = demo.server().get();
      AgentConfig.Llm llm = config.llm();
      config = config.withLlm(new AgentConfig.Llm("anthropic", demoServer.baseUrl(), llm.model(), llm.maxTokens(),
          llm.temperature(), demo.streaming(), "", llm.timeout(), Duration.ZERO));
      out.println("[demo] scripted model (no LLM is called), " + (demo.streaming() ? "streamed" : "served")
          + " over HTTP by a fake Anthropic server at " + demoServer.baseUrl() + "; " + demo.where()
          + (options.noMemory ? "" : "; memory in this process only (your data dir is not touched)"));
      out.flush();
    }
    boolean opened = false;
    try {
      ClaudeProxy proxy;
      try {
        proxy = ModelOptions.liveProxy(config, spec.commandLine().getErr());
      } catch (ModelOptions.UnreachableException e) {
        throw new UnavailableException(e.getMessage());
      }
      Invocation invocation = new Invocation(config, proxy, openMemory(options), demoServer,
          options.otel ? Telemetry.fromEnvironment() : null);
      opened = true;
      return invocation;
    } finally {
      if (!opened && demoServer != null) {
        demoServer.close();
      }
    }
  }

  private static AgentMemory openMemory(AgentOptions options) throws UnavailableException {
    if (options.noMemory) {
      return null;
    }
    if (options.demo()) {
      return AgentMemory.inMemory();
    }
    try {
      return MemoryCommand.open(options.dataDir(), options.dataUrl);
    } catch (MemoryException e) {
      throw new UnavailableException("error: cannot open the agent's memory: " + e.getMessage()
          + " (--data-dir or --data-url chooses another place, --no-memory runs without it)");
    }
  }

  AgentConfig config() {
    return config;
  }

  ClaudeProxy proxy() {
    return proxy;
  }

  /**
   * A Rust-expert agent builder with this invocation's model, configuration and memory; the command
   * adds its tools, workspace and approver.
   */
  Agent.Builder agent() {
    Agent.Builder builder = RustExpert.builder().chatModel(proxy.chatModel()).config(config);
    if (memory != null) {
      builder.plugin(dev.rustagent.memory.MemoryPlugin.of(memory));
    }
    if (telemetry != null) {
      builder.plugin(telemetry.plugin());
    }
    return builder;
  }

  /** Closes the memory, flushes telemetry and stops the demo server. */
  @Override
  public void close() {
    try {
      if (memory != null) {
        memory.close();
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
