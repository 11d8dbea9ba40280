package dev.rustagent.examples.cli;

import dev.rustagent.otel.AgentTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --otel}: an OpenTelemetry SDK configured by the standard OTEL_* environment variables and
 * system properties (the SDK's autoconfigure; service name {@code rust-agent} unless OTEL_SERVICE_NAME
 * says otherwise), and the agent's telemetry plugin on it. Closing flushes what is buffered.
 */
final class Telemetry implements AutoCloseable {

  private final OpenTelemetrySdk sdk;
  private final AgentTelemetry plugin;

  private Telemetry(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.plugin = AgentTelemetry.create(sdk);
  }

  static Telemetry fromEnvironment() {
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.service.name", "rust-agent"))
        .build().getOpenTelemetrySdk();
    return new Telemetry(sdk);
  }

  AgentTelemetry plugin() {
    return plugin;
  }

  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }
}
