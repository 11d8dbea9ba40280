/**
 * Implementation helpers shared by agent-core's packages: the module's one JSON mapper, its one daemon-thread
 * factory, the token heuristic, the command-line splitter, terminal escaping and secret
 * redaction. <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.core.internal;
