package dev.rustagent.core;

/**
 * Adds knowledge to the model's context at the start of a run: recalled episodes, success patterns,
 * project notes. The text is placed after the system prompt, under a heading naming the provider.
 *
 * <p>Implement {@link #provide} for plain text; override {@link #contribute} as well when the text is
 * made of recalled items, so the run can report them in {@link AgentResult#patternsUsed()}.
 */
@FunctionalInterface
public interface ContextProvider {

  /**
   * Returns text for this task, of at most about {@code tokenBudget} tokens, or an empty string. May be
   * called from several threads at once.
   */
  String provide(String task, int tokenBudget);

  /**
   * Returns the text for this task together with the recalled items it is made of. The agent calls
   * this method; the default wraps {@link #provide} and reports no items.
   */
  default ContextContribution contribute(String task, int tokenBudget) {
    return ContextContribution.of(provide(task, tokenBudget));
  }
}
