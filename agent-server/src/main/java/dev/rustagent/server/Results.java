package dev.rustagent.server;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import java.util.List;

/**
 * The one place that maps a run's {@link AgentResult} to the API's {@code patterns_used} and
 * {@code confidence} (both computed by agent-core: see {@link AgentResult#confidence()}).
 */
final class Results {
  private Results() {}

  /** A recalled item as the API shows it. */
  record PatternUsed(String kind, String id, String summary, double relevance, Double outcome) {
    static PatternUsed of(RecalledItem item) {
      return new PatternUsed(item.kind(), item.id(), item.summary(), item.relevance(), item.outcome());
    }
  }

  /** The recalled items that went into the run's context, most relevant first. */
  static List<PatternUsed> patternsUsed(AgentResult result) {
    return result.patternsUsed().stream().map(PatternUsed::of).toList();
  }

  /** The run's confidence in 0..1. */
  static double confidence(AgentResult result) {
    return result.confidence();
  }
}
