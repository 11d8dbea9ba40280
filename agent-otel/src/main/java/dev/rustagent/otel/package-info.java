/**
 * OpenTelemetry for the agent: {@link dev.rustagent.otel.AgentTelemetry} turns a run's events into
 * GenAI spans ({@code invoke_agent}, {@code chat}, {@code execute_tool}) and the GenAI client metrics,
 * through the OpenTelemetry API the host configures. Content capture is off by default.
 */
@NullMarked
package dev.rustagent.otel;

import org.jspecify.annotations.NullMarked;
