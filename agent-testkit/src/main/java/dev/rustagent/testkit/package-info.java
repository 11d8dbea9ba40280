/**
 * What users need to test code that embeds the agent: {@link dev.rustagent.testkit.ScriptedChatModel}
 * (an in-process chat model that answers from a script and records what it was asked, with a
 * streaming twin) and {@link dev.rustagent.testkit.FakeAnthropicServer}, a loopback server that speaks
 * the Anthropic Messages wire format (JSON, SSE streaming, tool use, errors) so HTTP clients are tested
 * over real HTTP.
 */
@NullMarked
package dev.rustagent.testkit;

import org.jspecify.annotations.NullMarked;
