package dev.rustagent.art.patterns;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.core.AgentPlugin.ContextContribution;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.memory.internal.KeywordIndex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.memory.SemanticMemory;

/**
 * Success patterns extracted from trajectories whose reward reaches the threshold, found again by
 * similarity to a new objective and fed to later runs as lessons and recommended actions. Register it
 * with {@code Agent.builder().contextProvider(database)}.
 *
 * <p>Patterns live in memory and in the {@link PatternIndex}; {@link #learnFrom(TrajectoryStore)}
 * rebuilds them from stored trajectories, so a store is all that needs persisting. Thread-safe.
 */
public final class SuccessPatternDatabase implements ContextProvider {
  private static final Logger log = LoggerFactory.getLogger(SuccessPatternDatabase.class);
  /** The heading of the lessons in the model's context. */
  public static final String HEADING = "## Lessons from earlier successful runs";

  private final PatternIndex index;
  private final double rewardThreshold;
  private final double minSimilarity;
  private final int maxPatterns;
  private final Map<String, SuccessPattern> patterns = new ConcurrentHashMap<>();

  private SuccessPatternDatabase(Builder b) {
    this.index = b.index;
    this.rewardThreshold = b.rewardThreshold;
    this.minSimilarity = b.minSimilarity;
    this.maxPatterns = b.maxPatterns;
  }

  /** Starts building a database over {@code index}. */
  public static Builder builder(PatternIndex index) {
    return new Builder(index);
  }

  /**
   * Extracts and keeps the pattern of a trajectory that succeeded with a reward at or above the
   * threshold and has at least one step; other trajectories teach nothing and are ignored.
   *
   * @return the pattern kept, if any
   */
  public Optional<SuccessPattern> learn(Trajectory t) {
    requireNonNull(t, "trajectory");
    Optional<SuccessPattern> pattern = extract(t, rewardThreshold);
    if (pattern.isEmpty() && patterns.containsKey(t.id())) {
      forget(t.id());
    }
    pattern.ifPresent(p -> {
      patterns.put(p.id(), p);
      index.put(p.id(), p.searchText());
      log.debug("learned success pattern {} for '{}'", p.id(), p.objective());
    });
    return pattern;
  }

  /** Learns from every stored trajectory at or above the threshold; returns how many patterns were kept. */
  public int learnFrom(TrajectoryStore store) {
    int n = 0;
    for (Trajectory t : store.withRewardAtLeast(rewardThreshold, 10_000)) {
      if (learn(t).isPresent()) {
        n++;
      }
    }
    return n;
  }

  /** The patterns most similar to an objective, best first. */
  public List<SuccessPattern> find(String objective, int limit) {
    List<SuccessPattern> out = new ArrayList<>();
    for (PatternIndex.Hit hit : index.search(objective, limit)) {
      SuccessPattern p = patterns.get(hit.id());
      if (p != null && hit.score() >= minSimilarity) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Drops the pattern learned from a run (for example after a person called the run bad), so it is
   * never recommended again; nothing happens when there is none.
   */
  public void forget(String trajectoryId) {
    requireNonNull(trajectoryId, "trajectoryId");
    if (patterns.remove(trajectoryId) != null) {
      index.remove(trajectoryId);
      log.debug("forgot success pattern {}", trajectoryId);
    }
  }

  /** How many patterns are kept. */
  public int size() {
    return patterns.size();
  }

  @Override
  public String provide(String task, int tokenBudget) {
    return contribute(task, tokenBudget).text();
  }

  /**
   * The lessons for this task and the patterns they came from, each a {@link RecalledItem} of kind
   * {@code success-pattern} whose id is the run it was learned from, whose relevance is the index's
   * similarity and whose outcome is that run's reward.
   */
  @Override
  public ContextContribution contribute(String task, int tokenBudget) {
    List<PatternIndex.Hit> hits = new ArrayList<>();
    for (PatternIndex.Hit hit : index.search(task, maxPatterns)) {
      if (patterns.containsKey(hit.id()) && hit.score() >= minSimilarity) {
        hits.add(hit);
      }
    }
    if (hits.isEmpty()) {
      return ContextContribution.none();
    }
    List<RecalledItem> used = new ArrayList<>();
    int maxChars = Math.max(200, dev.rustagent.core.internal.HeuristicTokenCountEstimator.charsFor(tokenBudget));
    StringBuilder sb = new StringBuilder(HEADING).append('\n');
    for (PatternIndex.Hit hit : hits) {
      SuccessPattern p = patterns.get(hit.id());
      if (p == null) {
        continue;
      }
      StringBuilder one = new StringBuilder();
      one.append("- For \"").append(p.objective()).append("\" (reward ").append(String.format("%.2f", p.reward()))
          .append("): ").append(p.summary()).append('\n');
      if (!p.successfulActions().isEmpty()) {
        one.append("  Recommended actions:\n");
        p.successfulActions().forEach(a -> one.append("  * ").append(a).append('\n'));
      }
      if (sb.length() + one.length() > maxChars) {
        break;
      }
      sb.append(one);
      used.add(new RecalledItem("success-pattern", p.id(), p.objective(), unit(hit.score()), unit(p.reward())));
    }
    return used.isEmpty() ? ContextContribution.none() : new ContextContribution(sb.toString(), used);
  }

  private static double unit(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  /** The pattern of a trajectory, when it succeeded with at least {@code threshold} reward and has steps. */
  static Optional<SuccessPattern> extract(Trajectory t, double threshold) {
    if (!t.success() || t.reward() == null || t.reward() < threshold || t.steps().isEmpty()
        || t.humanVerdict().orElse(null) == dev.rustagent.art.TrajectoryStore.Feedback.Verdict.BAD) {
      return Optional.empty();
    }
    List<String> actions = new ArrayList<>();
    Set<String> tools = new LinkedHashSet<>();
    for (TrajectoryStep s : t.steps()) {
      if (s.action() instanceof StepAction.UseTool use && !s.toolFailed()) {
        String action = use.tool() + " " + use.input();
        if (!actions.contains(action)) {
          actions.add(action);
        }
        tools.add(use.tool());
      }
    }
    List<String> keywords = new ArrayList<>(new LinkedHashSet<>(
        KeywordIndex.terms(t.objective() + " " + String.join(" ", tools))));
    String answer = t.answer().strip();
    String summary = "succeeded in " + t.steps().size() + " steps" + (tools.isEmpty() ? "" : " using "
        + String.join(", ", tools)) + (answer.isEmpty() ? "." : "; outcome: " + clip(answer.replace('\n', ' '), 200));
    return Optional.of(new SuccessPattern(t.id(), t.objective(), actions, summary, t.reward(),
        keywords.subList(0, Math.min(12, keywords.size())), t.createdAt()));
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  /** Builds a {@link SuccessPatternDatabase}. */
  public static final class Builder {
    private final PatternIndex index;
    private double rewardThreshold = 0.7;
    private double minSimilarity = 0.2;
    private int maxPatterns = 3;

    private Builder(PatternIndex index) {
      this.index = requireNonNull(index, "index");
    }

    /** The reward a trajectory needs to become a pattern; 0..1, default 0.7. */
    public Builder rewardThreshold(double threshold) {
      this.rewardThreshold = unit(threshold, "reward threshold");
      return this;
    }

    /** The similarity a pattern needs to be recalled; 0..1, default 0.2. */
    public Builder minSimilarity(double similarity) {
      this.minSimilarity = unit(similarity, "minimum similarity");
      return this;
    }

    /**
     * Applies {@code [art]}: {@code pattern_matching_threshold} as the {@linkplain #minSimilarity
     * similarity a pattern needs} and {@code reward_threshold_for_learning} as the {@linkplain
     * #rewardThreshold reward a run needs} to become a pattern.
     */
    public Builder config(dev.rustagent.art.ArtConfig config) {
      requireNonNull(config, "config");
      return minSimilarity(config.patternThreshold()).rewardThreshold(config.rewardThreshold());
    }

    /** The most patterns given to one run; 1..20, default 3. */
    public Builder maxPatterns(int max) {
      if (max < 1 || max > 20) {
        throw new IllegalArgumentException("max patterns must be between 1 and 20: " + max);
      }
      this.maxPatterns = max;
      return this;
    }

    /** Builds the database. */
    public SuccessPatternDatabase build() {
      return new SuccessPatternDatabase(this);
    }

    static double unit(double value, String name) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be within 0..1: " + value);
      }
      return value;
    }
  }

  /**
   * What worked in a well-rewarded trajectory.
   *
   * @param id the trajectory it came from
   * @param objective the trajectory's objective
   * @param successfulActions the tool calls that succeeded, as {@code tool arguments-json}, in order
   * @param summary one paragraph on what was done
   * @param reward the trajectory's reward
   * @param keywords the objective's and tools' keywords
   * @param createdAt when the trajectory ran
   */
  public record SuccessPattern(String id, String objective, List<String> successfulActions, String summary,
      double reward, List<String> keywords, Instant createdAt) {

    public SuccessPattern {
      requireNonNull(id, "id");
      requireNonNull(objective, "objective");
      successfulActions = List.copyOf(successfulActions);
      requireNonNull(summary, "summary");
      keywords = List.copyOf(keywords);
      requireNonNull(createdAt, "createdAt");
    }

    /** The text the pattern is found by: objective, keywords and actions. */
    public String searchText() {
      return objective + "\n" + String.join(" ", keywords) + "\n" + String.join("\n", successfulActions);
    }
  }

  /**
   * Finds stored texts by similarity to a query. Implementations are thread-safe.
   *
   * <p>{@link #semantic(SemanticMemory)} keeps patterns in agent-memory's semantic memory (hybrid
   * embedding and keyword search, persistent with an H2 memory); {@link #keywords()} needs nothing
   * (word-frequency cosine, in memory); {@link #embeddings(EmbeddingModel)} compares meaning through any
   * LangChain4j embedding model, in memory.
   */
  public interface PatternIndex {

    /** Stores (or replaces) the text under an id. */
    void put(String id, String text);

    /** Removes an id; nothing happens when it is not stored. */
    void remove(String id);

    /** The ids most similar to {@code text}, best first, at most {@code limit}. Scores are 0..1. */
    List<Hit> search(String text, int limit);

    /** An index in agent-memory's semantic memory (items of {@code kind=success-pattern}). */
    static PatternIndex semantic(SemanticMemory memory) {
      return new SemanticMemoryPatternIndex(memory);
    }

    /** An index by word-frequency cosine similarity. */
    static PatternIndex keywords() {
      return new KeywordPatternIndex();
    }

    /** An index by embedding cosine similarity. */
    static PatternIndex embeddings(EmbeddingModel model) {
      return new EmbeddingPatternIndex(model);
    }

    /**
     * A search result.
     *
     * @param id the stored id
     * @param score similarity, 0..1, higher is closer
     */
    record Hit(String id, double score) {}
  }
}
