/**
 * The agent's client for Claude behind a local proxy such as CLIProxyAPI: {@link
 * dev.rustagent.llm.claude.ClaudeProxy} builds LangChain4j chat models on langchain4j-anthropic (or the
 * proxy's OpenAI-compatible API), maps every failure to a typed {@link dev.rustagent.core.ModelException},
 * checks the proxy and counts tokens. Everything but {@code ClaudeProxy}, {@code Provider},
 * {@code ProxyStatus} and {@code TokenCount} is package-private implementation.
 */
@NullMarked
package dev.rustagent.llm.claude;

import org.jspecify.annotations.NullMarked;
