/**
 * An embeddable HTTP server for the agent: a REST API, a WebSocket that streams runs and asks the
 * connected client for approvals, a web page and an OpenAPI document. A host builds one with
 * {@link dev.rustagent.server.AgentServer#builder()} and hands it an {@link dev.rustagent.server.AgentServer.AgentFactory}.
 */
@NullMarked
package dev.rustagent.server;

import org.jspecify.annotations.NullMarked;
