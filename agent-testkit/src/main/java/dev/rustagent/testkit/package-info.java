/**
 * What users need to test code that embeds the agent: {@link dev.rustagent.testkit.ScriptedChatModel}
 * (an in-process chat model that answers from a script and records what it was asked, with a
 * streaming twin) and a fake Anthropic server that speaks the real wire format on loopback.
 */
package dev.rustagent.testkit;
