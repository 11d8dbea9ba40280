package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

/**
 * Who the agent is: a name for logs and a system prompt that sets its expertise and manners.
 *
 * @param name a short name such as {@code rust-expert}
 * @param systemPrompt the system prompt sent at the start of every conversation
 */
public record Persona(String name, String systemPrompt) {
  public Persona {
    requireNonNull(name, "name");
    requireNonNull(systemPrompt, "systemPrompt");
    if (name.isBlank() || systemPrompt.isBlank()) {
      throw new IllegalArgumentException("a persona needs a name and a system prompt");
    }
  }
}
