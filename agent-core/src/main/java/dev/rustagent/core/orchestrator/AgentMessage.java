package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A message between agents of an {@link AgentNetwork}: a request with a reply, or shared knowledge. */
public sealed interface AgentMessage {

  /** The sender's id ({@link AgentNetwork#PARENT} for the parent). */
  String from();

  /** When it was sent. */
  Instant at();

  /** A question to another agent; {@code reply} is its answer. */
  record Request(String from, String to, String question, String reply, Instant at) implements AgentMessage {
    public Request {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(question, "question");
      requireNonNull(reply, "reply");
      requireNonNull(at, "at");
    }
  }

  /** A fact shared with every agent of the network; helpers see it in their context. */
  record Knowledge(String from, String fact, Instant at) implements AgentMessage {
    public Knowledge {
      requireNonNull(from, "from");
      requireNonNull(fact, "fact");
      requireNonNull(at, "at");
    }
  }
}
