/**
 * Test support for code that embeds the Rust agent: in-process scripted chat models and
 * {@link dev.rustagent.testkit.FakeAnthropicServer}, a loopback server that speaks the Anthropic
 * Messages wire format (JSON, SSE streaming, tool use, errors) so clients are tested over real HTTP.
 */
package dev.rustagent.testkit;
