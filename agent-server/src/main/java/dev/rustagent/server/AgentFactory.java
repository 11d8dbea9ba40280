package dev.rustagent.server;

import dev.rustagent.core.Agent;
import dev.rustagent.core.Approver;

/**
 * Builds the agents the server runs. The server calls it once per conversation (and once at start, to
 * learn the workspace) and passes the {@link Approver} that asks the client behind that conversation;
 * the factory must set it on the agent (or a stricter one, such as {@link Approver#denyAll()}). Every
 * agent it returns must work in the same workspace: the workspace is fixed when the server starts and
 * no client can choose another.
 *
 * <pre>{@code
 * AgentFactory factory = approver -> RustExpert.builder()
 *     .chatModel(model).tools(ToolRegistry.discover())
 *     .workspace(Path.of("my-crate")).approver(approver).build();
 * }</pre>
 */
@FunctionalInterface
public interface AgentFactory {

  /** Returns an agent whose calls marked ASK go to {@code approver}. Called from several threads. */
  Agent create(Approver approver);
}
