package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentPlugin;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import java.util.List;
import dev.rustagent.core.workflow.LearningWorkflow;
import java.util.Map;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.LearningMetrics.MetricSample;

/**
 * Attaches an {@link AgentMemory} to an agent: {@code Agent.builder()...plugin(MemoryPlugin.of(memory))}.
 * Each run recalls similar past episodes and relevant patterns into its context (within the context
 * budget, labelled as recalled memory, reported in {@code AgentResult.patternsUsed()}), and each
 * finished run is recorded with its outcome, counting a use of every recalled pattern and appending a
 * learning-metrics sample.
 *
 * <p>One plugin instance keeps the success-rate counters of the agents built with it; the memory
 * stays owned (and closed) by the caller.
 */
public final class MemoryPlugin implements AgentPlugin {

  private final AgentMemory memory;
  private final MemoryRecall recall;

  private MemoryPlugin(AgentMemory memory) {
    this.memory = memory;
    this.recall = new MemoryRecall(memory);
  }

  /** A plugin recalling from and recording to this memory. */
  public static MemoryPlugin of(AgentMemory memory) {
    return new MemoryPlugin(requireNonNull(memory, "memory"));
  }

  /** The memory this plugin uses. */
  public AgentMemory memory() {
    return memory;
  }

  /** A concept recorder writing explanations into this memory as concepts learned. */
  public MemoryConceptRecorder conceptRecorder() {
    return MemoryConceptRecorder.of(memory);
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public List<ContextProvider> contextProviders() {
    return List.of(recall);
  }

  @Override
  public List<AgentListener> listeners() {
    return List.of(recall);
  }

  /**
   * Records each explanation given as a concept learned in the agent's semantic memory (metadata
   * {@code kind=concept-learned}, {@code concept}, {@code level}), so later runs recall it, and counts it
   * in the learning metrics: a new sample with the concepts-learned count one higher (the other figures
   * carried over from the newest sample). Hand it to
   * {@code Orchestrator.Builder#conceptRecorder} (or {@link MemoryPlugin#conceptRecorder()}). Thread-safe as the memory is.
   */
  public static final class MemoryConceptRecorder implements LearningWorkflow.ConceptRecorder {
    /** The metadata kind of the items this recorder writes. */
    public static final String KIND = "concept-learned";
    private static final int MAX_TEXT = 4_000;

    private final AgentMemory memory;

    private MemoryConceptRecorder(AgentMemory memory) {
      this.memory = memory;
    }

    /** A recorder writing to this memory. */
    public static MemoryConceptRecorder of(AgentMemory memory) {
      return new MemoryConceptRecorder(requireNonNull(memory, "memory"));
    }

    @Override
    public void record(String concept, LearningWorkflow.Level level, String explanation) {
      requireNonNull(concept, "concept");
      requireNonNull(level, "level");
      requireNonNull(explanation, "explanation");
      String text = concept + " (" + level.name().toLowerCase(java.util.Locale.ROOT) + "): " + explanation;
      memory.semantic().put(text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT),
          Map.of("kind", KIND, "concept", concept, "level", level.name()));
      LearningMetrics metrics = memory.metrics();
      synchronized (metrics) {
        java.util.Optional<MetricSample> latest = metrics.latest();
        metrics.record(new MetricSample(java.time.Instant.now(),
            latest.map(MetricSample::conceptsLearned).orElse(0) + 1, latest.map(MetricSample::successRate).orElse(0.0),
            latest.map(MetricSample::averageResponseTime).orElse(java.time.Duration.ZERO),
            latest.map(MetricSample::inputTokens).orElse(0L), latest.map(MetricSample::cacheWriteTokens).orElse(0L),
            latest.map(MetricSample::cacheReadTokens).orElse(0L), latest.map(MetricSample::outputTokens).orElse(0L)));
      }
    }

    /** The explanations recorded for exactly this concept, best match first. */
    public List<String> recall(String concept) {
      requireNonNull(concept, "concept");
      // every explanation of the concept counts, however it scores: no relevance floor
      List<Scored<MemoryItem>> found = memory.semantic().search(SemanticQuery.builder(concept).topK(20)
          .filter("kind", KIND).filter("concept", concept).minScore(Double.NEGATIVE_INFINITY).build());
      return found.stream().map(s -> s.value().text()).toList();
    }
  }
}
