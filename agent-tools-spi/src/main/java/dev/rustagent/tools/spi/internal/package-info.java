/**
 * Implementation details of the tool SPI (argument validation against a tool's JSON schema, cargo's
 * JSON message parser). Not public API: anything here may change without notice.
 */
package dev.rustagent.tools.spi.internal;
