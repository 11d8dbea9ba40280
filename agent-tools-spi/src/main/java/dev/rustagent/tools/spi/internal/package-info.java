/**
 * Internal helpers shared by the tool SPI, the built-in tools, the agent core and ART: argument
 * validation, cargo's JSON messages, and the one process runner with its credential-free child
 * environment. Not public API: it may change in any release.
 */
package dev.rustagent.tools.spi.internal;
