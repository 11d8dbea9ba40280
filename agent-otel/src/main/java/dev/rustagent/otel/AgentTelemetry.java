package dev.rustagent.otel;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentPlugin;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * OpenTelemetry traces and metrics of agent runs, following the GenAI semantic conventions. Add it to an
 * agent with one builder call, {@code Agent.builder().plugin(AgentTelemetry.create(openTelemetry))};
 * helper agents built from that agent inherit it.
 *
 * <p>Spans: {@code invoke_agent {agent}} per run (child of the host's current span, or of the parent
 * run's span for a helper agent), under it {@code chat {model}} per model call attempt (a retried
 * attempt ends with an error and the retry gets a span of its own) and {@code execute_tool {tool}} per
 * tool call, with the permission decision and the outcome. Attributes: {@code gen_ai.operation.name},
 * {@code gen_ai.system} / {@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * {@code gen_ai.response.model}, {@code gen_ai.response.id}, {@code gen_ai.response.finish_reasons},
 * {@code gen_ai.usage.input_tokens} / {@code output_tokens}, {@code gen_ai.tool.*}, {@code error.type}.
 * Metrics: {@code gen_ai.client.token.usage} (histogram of tokens per call, by {@code gen_ai.token.type})
 * and {@code gen_ai.client.operation.duration} (seconds per model call).
 *
 * <p>Prompts, answers, tool arguments, tool results and permission reasons are never recorded unless
 * {@link Builder#captureContent(boolean) captureContent(true)}. Thread-safe.
 */
public final class AgentTelemetry implements AgentPlugin {

  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.rustagent.otel";

  private final TelemetryListener listener;

  private AgentTelemetry(Builder b) {
    this.listener = new TelemetryListener(b.openTelemetry, b.agentName, b.captureContent);
  }

  /**
   * @param openTelemetry where spans and metrics go (the host's SDK, or {@code GlobalOpenTelemetry.get()})
   * @return telemetry with the defaults: agent name {@code rust-agent}, no content captured
   */
  public static AgentTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * @param openTelemetry where spans and metrics go
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(requireNonNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public String name() {
    return "otel";
  }

  @Override
  public List<AgentListener> listeners() {
    return List.of(listener);
  }

  /** Configures {@link AgentTelemetry}; every setter checks its argument at once. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private String agentName = "rust-agent";
    private boolean captureContent;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * @param name the agent's name in span names and {@code gen_ai.agent.name} (default {@code rust-agent})
     * @return this builder
     */
    public Builder agentName(String name) {
      if (requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("agent name must not be blank");
      }
      this.agentName = name;
      return this;
    }

    /**
     * @param capture whether spans carry prompts, answers, tool arguments and results and permission
     *     reasons (default false: they may hold source code and secrets)
     * @return this builder
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /** @return the telemetry listener */
    public AgentTelemetry build() {
      return new AgentTelemetry(this);
    }
  }
}
