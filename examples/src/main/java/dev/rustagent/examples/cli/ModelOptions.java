package dev.rustagent.examples.cli;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options that choose the model: a Claude proxy, or the scripted demo model. */
final class ModelOptions {
  static final String DEFAULT_URL = "http://localhost:8317";
  static final String DEFAULT_MODEL = "claude-sonnet-4-6";

  @Option(names = "--llm-url", paramLabel = "URL", description = "The Claude proxy (env RUST_AGENT_LLM_URL, default " + DEFAULT_URL + ").")
  String llmUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "The model (env RUST_AGENT_MODEL, default " + DEFAULT_MODEL + ").")
  String modelName;

  @Option(names = "--demo", description = "Use a scripted model (no LLM) on a bundled demo crate.")
  boolean demo;

  /** No proxy listens at the configured address. */
  static final class UnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message) {
      super(message);
    }
  }

  String url() {
    return firstNonBlank(llmUrl, System.getenv("RUST_AGENT_LLM_URL"), DEFAULT_URL);
  }

  String model() {
    return firstNonBlank(modelName, System.getenv("RUST_AGENT_MODEL"), DEFAULT_MODEL);
  }

  ChatModel liveModel() throws UnreachableException {
    URI uri = URI.create(url());
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
    } catch (IOException | IllegalArgumentException e) {
      throw new UnreachableException("No Claude proxy is listening at " + url() + " (" + e.getMessage() + ").\n"
          + "Start CLIProxyAPI (it listens on http://localhost:8317 by default), point --llm-url or "
          + "RUST_AGENT_LLM_URL at your proxy, or try the agent offline with --demo.");
    }
    String key = firstNonBlank(System.getenv("ANTHROPIC_API_KEY"), "no-key-configured");
    return AnthropicChatModel.builder()
        .baseUrl(url() + "/v1")
        .apiKey(key)
        .modelName(model())
        .maxTokens(4096)
        .timeout(Duration.ofMinutes(2))
        .build();
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
