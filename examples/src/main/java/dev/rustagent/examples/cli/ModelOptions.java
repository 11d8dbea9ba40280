package dev.rustagent.examples.cli;

import dev.rustagent.core.text.TerminalText;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.ProxyStatus;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose the model: a Claude proxy (from config, env and flags), or the demo. */
final class ModelOptions {
  static final String DEFAULT_URL = AgentConfig.DEFAULT_ENDPOINT;
  static final String DEFAULT_MODEL = AgentConfig.DEFAULT_MODEL;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A TOML config with [llm] and [context] sections (env RUST_AGENT_<SECTION>_<KEY> overrides it).")
  Path configFile;

  @Option(names = "--llm-url", paramLabel = "URL", description = "The Claude proxy (env RUST_AGENT_LLM_URL, default " + DEFAULT_URL + ").")
  String llmUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "The model (env RUST_AGENT_MODEL, default " + DEFAULT_MODEL + ").")
  String modelName;

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

  /** The configuration: the file (or the defaults), the environment, then the flags. */
  AgentConfig config() {
    AgentConfig base = configFile != null ? AgentConfig.load(configFile) : AgentConfig.fromEnvironment();
    AgentConfig.Llm llm = base.llm();
    String url = firstNonBlank(llmUrl, System.getenv("RUST_AGENT_LLM_URL"), llm.apiEndpoint());
    String model = firstNonBlank(modelName, System.getenv("RUST_AGENT_MODEL"), llm.model());
    String key = firstNonBlank(llm.apiKey(), System.getenv("ANTHROPIC_API_KEY"));
    return base.withLlm(new AgentConfig.Llm(llm.provider(), url, model, llm.maxTokens(), llm.temperature(),
        llm.streaming(), key, llm.timeout(), llm.cacheTtl()));
  }

  /**
   * The proxy of {@code config}, checked: fails when nothing listens there or it refuses the key, and
   * reports other findings (retiring model, model not offered) on {@code notes}.
   */
  static ClaudeProxy liveProxy(AgentConfig config, java.io.PrintWriter notes) throws UnreachableException {
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

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }
}
