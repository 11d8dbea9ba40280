/**
 * The orchestrator a host IDE or chat talks to: triggers (file saved, compile error, user query,
 * slash command, periodic check, knowledge gap, new Rust version) with replaceable default handlers,
 * a bounded message queue, the {@link dev.rustagent.core.orchestrator.AgentNetwork} of helper agents,
 * the IDE's knowledge files reloaded on change, and latency and quality metrics.
 */
@NullMarked
package dev.rustagent.core.orchestrator;

import org.jspecify.annotations.NullMarked;
