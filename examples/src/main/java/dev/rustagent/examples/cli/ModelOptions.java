package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.LlmConfig;
import dev.rustagent.llm.claude.ProxyStatus;
import dev.rustagent.core.Agent;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options that choose the model: a Claude proxy (from config, env and flags), or the demo. */
final class ModelOptions {
  static final String DEFAULT_URL = ClaudeProxy.DEFAULT_ENDPOINT;
  static final String DEFAULT_MODEL = ClaudeProxy.DEFAULT_MODEL;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A TOML config with [llm], [context], [memory] and [mcp] sections (env RUST_AGENT_<SECTION>_<KEY>"
          + " overrides it).")
  Path configFile;

  @Option(names = "--llm-url", paramLabel = "URL",
      description = "The Claude proxy (default: $RUST_AGENT_LLM_API_ENDPOINT, now ${env:RUST_AGENT_LLM_API_ENDPOINT:-not set};"
          + " else [llm] api_endpoint, else " + DEFAULT_URL + ").")
  String llmUrl;

  @Option(names = "--model", paramLabel = "NAME",
      description = "The model (default: $RUST_AGENT_LLM_MODEL, now ${env:RUST_AGENT_LLM_MODEL:-not set};"
          + " else [llm] model, else " + DEFAULT_MODEL + ").")
  String modelName;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "The most wall time one run may take, model calls, retries and tools included "
          + "(1 to 604800; default: $RUST_AGENT_LLM_RUN_TIMEOUT_SECONDS, now "
          + "${env:RUST_AGENT_LLM_RUN_TIMEOUT_SECONDS:-not set}; else [llm] run_timeout_seconds, else no limit)."
          + " A run past it ends TIMED_OUT.")
  Long timeoutSeconds;

  @Option(names = "--demo", description = "Run a scripted conversation on a bundled demo crate; the script is served "
      + "over HTTP by a local fake Anthropic server, so no LLM is called.")
  boolean demo;

  /** No proxy listens at the configured address, or it refuses the key. */
  static final class UnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message) {
      super(message);
    }
  }

  /**
   * The agent's configuration ({@code [context]}): the file (or the defaults), then the environment
   * ({@code RUST_AGENT_CONTEXT_<KEY>}); the file's sections are all checked.
   */
  AgentConfig config() {
    return configFile != null ? AgentConfig.load(configFile) : AgentConfig.fromEnvironment();
  }

  /**
   * The model's configuration ({@code [llm]}): the file (or the defaults), the environment
   * ({@code RUST_AGENT_LLM_<KEY>}, read by {@link LlmConfig} itself, old names included), then the flags.
   */
  LlmConfig llm() {
    LlmConfig llm = configFile != null ? LlmConfig.load(configFile) : LlmConfig.fromEnvironment();
    if (llmUrl != null && !llmUrl.isBlank()) {
      llm = llm.withApiEndpoint(llmUrl);
    }
    if (modelName != null && !modelName.isBlank()) {
      llm = llm.withModel(modelName);
    }
    if (llm.apiKey().isBlank() && System.getenv("ANTHROPIC_API_KEY") != null) {
      llm = llm.withApiKey(System.getenv("ANTHROPIC_API_KEY"));
    }
    if (timeoutSeconds != null) {
      if (timeoutSeconds < 1 || timeoutSeconds > Agent.MAX_RUN_TIMEOUT.toSeconds()) {
        throw new IllegalArgumentException("--timeout must be between 1 and " + Agent.MAX_RUN_TIMEOUT.toSeconds()
            + " seconds (7 days), got " + timeoutSeconds);
      }
      llm = llm.withRunTimeout(Duration.ofSeconds(timeoutSeconds));
    }
    return llm;
  }

  /** {@code builder} with the run timeout of {@code llm} ({@code [llm] run_timeout_seconds}, {@code --timeout}). */
  static Agent.Builder runTimeout(Agent.Builder builder, LlmConfig llm) {
    return llm.runTimeout().isZero() ? builder : builder.runTimeout(llm.runTimeout());
  }

  /**
   * The proxy of {@code config}, checked: fails when nothing listens there or it refuses the key, and
   * reports other findings (retiring model, model not offered) on {@code notes}.
   */
  static ClaudeProxy liveProxy(LlmConfig config, java.io.PrintWriter notes) throws UnreachableException {
    ClaudeProxy proxy = ClaudeProxy.fromConfig(config);
    ProxyStatus status = proxy.check();
    if (!status.reachable() || !status.authenticated()) {
      throw new UnreachableException(TerminalText.safe(status.summary()));
    }
    if (!status.usable() || !status.modelOffered() || proxy.lifecycleWarning().isPresent()) {
      notes.println(TerminalText.safe(status.summary()));
    }
    return proxy;
  }

  /** Whether the model was chosen on the command line or in the environment (old name included). */
  boolean modelChosen() {
    return modelName != null || System.getenv("RUST_AGENT_LLM_MODEL") != null
        || System.getenv("RUST_AGENT_MODEL") != null;
  }

}
