package dev.rustagent.core;

/**
 * Adds knowledge to the model's context at the start of a run: recalled episodes, success patterns,
 * project notes. The text is placed after the system prompt, under a heading naming the provider.
 */
@FunctionalInterface
public interface ContextProvider {

  /**
   * Returns text for this task, of at most about {@code tokenBudget} tokens (4 characters a token),
   * or an empty string. May be called from several threads at once.
   */
  String provide(String task, int tokenBudget);
}
