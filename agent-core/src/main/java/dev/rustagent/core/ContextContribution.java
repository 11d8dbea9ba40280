package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a {@link ContextProvider} put into a run's context: the text, and the recalled items it was made
 * of (patterns, past runs, commands, concepts), so the run can report them in
 * {@link AgentResult#patternsUsed()}.
 *
 * @param text the text for the context; empty when the provider has nothing relevant
 * @param items the recalled items whose content is in {@code text}, most relevant first
 */
public record ContextContribution(String text, List<RecalledItem> items) {

  private static final ContextContribution NONE = new ContextContribution("", List.of());

  public ContextContribution {
    requireNonNull(text, "text");
    items = List.copyOf(items);
  }

  /** Nothing to add. */
  public static ContextContribution none() {
    return NONE;
  }

  /** Text that is not made of recalled items (notes, instructions). */
  public static ContextContribution of(String text) {
    return text == null || text.isBlank() ? NONE : new ContextContribution(text, List.of());
  }

  /** Whether there is nothing to add. */
  public boolean isEmpty() {
    return text.isBlank();
  }
}
