package dev.rustagent.core;

import java.util.List;
import static java.util.Objects.requireNonNull;
import org.jspecify.annotations.Nullable;
import java.util.OptionalDouble;
import dev.rustagent.core.AgentPlugin.ContextContribution;

/**
 * The one extension point through which a module attaches to an agent: memory recall and recording
 * (agent-memory's {@code MemoryPlugin}), trajectory tracking and success patterns (agent-art),
 * telemetry (agent-otel). A plugin contributes {@link ContextProvider}s, whose text goes into each
 * run's context, and {@link AgentListener}s, which see every event of every run.
 *
 * <p>Add one with {@link Agent.Builder#plugin(AgentPlugin)}. Every method has a default that
 * contributes nothing, so a plugin overrides only what it needs. The lists are read once, when the
 * agent is built; the returned providers and listeners must be thread-safe, as runs may overlap.
 */
public interface AgentPlugin {

  /** A short name for logs, such as {@code memory} or {@code otel}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Sources of context for each run, in the order their text should appear. */
  default List<ContextProvider> contextProviders() {
    return List.of();
  }

  /** Listeners for the agent's events. */
  default List<AgentListener> listeners() {
    return List.of();
  }

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

  /**
   * One recalled piece of knowledge that went into a run's context: a code pattern, a success pattern
   * learned from earlier runs, a similar past episode, a command or a concept.
   *
   * @param kind what it is, such as {@code pattern}, {@code success-pattern}, {@code episode},
   *     {@code command} or {@code concept}
   * @param id the item's id in its store, so a host can look it up or give feedback on it
   * @param summary a one-line description for people
   * @param relevance how well it matched the task, in 0..1 (the store's calibrated score)
   * @param outcome how well it worked before, in 0..1 (a past run's reward or success, a pattern's
   *     success rate), or {@code null} when unknown
   */
  public record RecalledItem(String kind, String id, String summary, double relevance, @Nullable Double outcome) {

    public RecalledItem {
      requireNonNull(kind, "kind");
      requireNonNull(id, "id");
      requireNonNull(summary, "summary");
      if (!(relevance >= 0 && relevance <= 1)) {
        throw new IllegalArgumentException("relevance must be in 0..1: " + relevance);
      }
      if (outcome != null && !(outcome >= 0 && outcome <= 1)) {
        throw new IllegalArgumentException("outcome must be in 0..1: " + outcome);
      }
    }

    /** How well it worked before, when known. */
    public OptionalDouble knownOutcome() {
      return outcome == null ? OptionalDouble.empty() : OptionalDouble.of(outcome);
    }
  }

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
}
