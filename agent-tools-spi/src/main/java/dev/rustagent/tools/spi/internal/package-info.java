/**
 * Implementation details of the tool SPI shared by the built-in tools, the agent core and ART:
 * argument validation against a tool's JSON schema, cargo's JSON message parser, the one process
 * runner with its credential-free child environment, program lookup and the command glob. Not public
 * API: anything here may change without notice.
 */
package dev.rustagent.tools.spi.internal;
