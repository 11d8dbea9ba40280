package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentPlugin;
import dev.rustagent.core.ContextProvider;
import java.util.List;

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
}
