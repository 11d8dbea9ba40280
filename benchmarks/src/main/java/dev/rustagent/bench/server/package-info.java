/** Load benchmarks of the agent server, each beside a direct call of the agent. */
package dev.rustagent.bench.server;
