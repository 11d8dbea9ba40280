package dev.rustagent.server;

import dev.rustagent.core.AgentSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A conversation: the agent session, whether it is read-only, and the tools approved for all of it. */
final class ServerSession {
  private final boolean readOnly;
  private final Set<String> alwaysAllowed = ConcurrentHashMap.newKeySet();
  private volatile AgentSession conversation;
  private volatile ServerRun current;

  ServerSession(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /** The agent session's id, which is also the conversation's id in the memory. */
  String id() {
    return conversation.id();
  }

  boolean readOnly() {
    return readOnly;
  }

  Set<String> alwaysAllowed() {
    return alwaysAllowed;
  }

  AgentSession conversation() {
    return conversation;
  }

  void conversation(AgentSession session) {
    this.conversation = session;
  }

  /** The run going on in this conversation, or null (the agent session runs one turn at a time). */
  ServerRun current() {
    return current;
  }

  void current(ServerRun run) {
    this.current = run;
  }
}
