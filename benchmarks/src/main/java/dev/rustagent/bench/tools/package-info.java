/**
 * Benchmarks of the built-in tools: parsing cargo's JSON diagnostics and the overhead of dispatching a
 * tool call through the registry and the permission gate.
 */
package dev.rustagent.bench.tools;
