package dev.rustagent.core;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolResult;
import java.util.Set;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import dev.rustagent.core.PermissionPolicy.Permission;

/**
 * The outcome of one run: the final answer, how the run ended, every step in order, the tokens used
 * over all model calls, and how long each model call and the whole run took.
 *
 * @param runId unique id of the run
 * @param task what the run was asked to do
 * @param answer the model's final text; empty when the run ended without one
 * @param status how the run ended
 * @param failure why the run failed or ran out of time, or {@code null} unless {@code status} is FAILED or
 *     TIMED_OUT
 * @param steps the steps in the order they happened
 * @param tokenUsage tokens summed over every model call of the run; a {@link CacheAwareTokenUsage} when
 *     the run made it, with prompt-cache writes and reads apart (see {@link #usage()})
 * @param modelLatencies the latency of each model call, in order (retries included)
 * @param totalLatency the whole run's wall time
 * @param iterations the number of model turns
 * @param patternsUsed the recalled items (patterns, past runs, commands, concepts) that context
 *     providers put into this run's context, most relevant first
 */
public record AgentResult(String runId, String task, String answer, AgentStatus status, @Nullable Throwable failure,
    List<AgentStep> steps, TokenUsage tokenUsage, List<Duration> modelLatencies, Duration totalLatency,
    int iterations, List<RecalledItem> patternsUsed) {

  public AgentResult {
    requireNonNull(runId, "runId");
    requireNonNull(task, "task");
    requireNonNull(answer, "answer");
    requireNonNull(status, "status");
    steps = List.copyOf(steps);
    requireNonNull(tokenUsage, "tokenUsage");
    modelLatencies = List.copyOf(modelLatencies);
    requireNonNull(totalLatency, "totalLatency");
    patternsUsed = List.copyOf(patternsUsed);
  }

  /** A result with nothing recalled into its context. */
  public AgentResult(String runId, String task, String answer, AgentStatus status, Throwable failure,
      List<AgentStep> steps, TokenUsage tokenUsage, List<Duration> modelLatencies, Duration totalLatency,
      int iterations) {
    this(runId, task, answer, status, failure, steps, tokenUsage, modelLatencies, totalLatency, iterations,
        List.of());
  }

  /**
   * How much to trust the answer, in 0..1, computed from the run's own evidence. It is 0 unless the run
   * {@linkplain #isSuccess() completed}. Otherwise it is the mean of the signals the run has: the share
   * of its tool calls that succeeded (when it made any), and the relevance-weighted mean outcome of the
   * recalled items whose earlier outcome is known (past runs' rewards, patterns' success rates). A
   * completed run with neither signal scores 0.5: it answered, but nothing backs the answer.
   */
  public double confidence() {
    if (!isSuccess()) {
      return 0;
    }
    double sum = 0;
    int signals = 0;
    List<AgentStep.ToolOutcome> outcomes = steps(AgentStep.ToolOutcome.class);
    if (!outcomes.isEmpty()) {
      long ok = outcomes.stream().filter(o -> !o.result().isError()).count();
      sum += (double) ok / outcomes.size();
      signals++;
    }
    double weight = 0;
    double weighted = 0;
    for (RecalledItem item : patternsUsed) {
      if (item.outcome() != null) {
        double w = Math.max(item.relevance(), 1e-3);
        weight += w;
        weighted += w * item.outcome();
      }
    }
    if (weight > 0) {
      sum += weighted / weight;
      signals++;
    }
    return signals == 0 ? 0.5 : sum / signals;
  }

  /** The run's tokens with prompt-cache writes and reads apart (none when the model reported none). */
  public CacheAwareTokenUsage usage() {
    return CacheAwareTokenUsage.of(tokenUsage);
  }

  /** Why the run failed, when it did. */
  public Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  /** Whether the run ended with a final answer and no refused call. */
  public boolean isSuccess() {
    return status == AgentStatus.COMPLETED;
  }

  /** The steps of one kind, in order. */
  public <T extends AgentStep> List<T> steps(Class<T> kind) {
    return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The permission decisions that refused a call. */
  public List<AgentStep.PermissionDecision> denials() {
    return steps(AgentStep.PermissionDecision.class).stream().filter(d -> !d.allowed()).toList();
  }

  /** How a run ended. Only {@link #COMPLETED} is a success. */
  public enum AgentStatus {
    /** The model gave its final answer and every tool call it asked for was allowed. */
    COMPLETED,
    /** The iteration or tool-call cap was reached before a final answer. */
    MAX_ITERATIONS,
    /** The model answered or gave up, but one or more tool calls were refused by the permission gate. */
    PERMISSION_DENIED,
    /**
     * The model's answer was cut off at its output limit ({@code max_tokens}); a tool call it was in
     * the middle of was not run. The answer, if any, is partial.
     */
    TRUNCATED,
    /** The model refused to answer (stop reason {@code refusal}, or a content filter). */
    REFUSED,
    /**
     * The model stopped its turn for a reason the agent cannot finish on its own (for example
     * Anthropic's {@code pause_turn}): the answer, if any, is partial.
     */
    INCOMPLETE,
    /** The run's total time budget ran out ({@link Agent.Builder#runTimeout}). */
    TIMED_OUT,
    /** The run was cancelled. */
    CANCELLED,
    /** The run failed; {@link AgentResult#failure()} says why. */
    FAILED
  }

  /**
   * Token usage that tells prompt-cache writes and reads apart from the rest of the input, as the
   * Anthropic API reports them. {@link #inputTokenCount()} is the input neither written to nor read from
   * the cache (the API's {@code input_tokens}); {@link #totalInputTokenCount()} adds both cache counts;
   * {@link #totalTokenCount()} is everything, output included. Model clients such as {@code ClaudeProxy}
   * return it in their responses and the agent sums it over a run ({@link AgentResult#tokenUsage()}).
   * Immutable.
   */
  public static final class CacheAwareTokenUsage extends TokenUsage {
    private static final CacheAwareTokenUsage ZERO = new CacheAwareTokenUsage(0, 0, 0, 0);

    private final int cacheWriteTokens;
    private final int cacheReadTokens;

    /**
     * Usage with every count.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public CacheAwareTokenUsage(int inputTokens, int cacheWriteTokens, int cacheReadTokens, int outputTokens) {
      super(nonNegative(inputTokens, "inputTokens"), nonNegative(outputTokens, "outputTokens"),
          inputTokens + nonNegative(cacheWriteTokens, "cacheWriteTokens")
              + nonNegative(cacheReadTokens, "cacheReadTokens") + outputTokens);
      this.cacheWriteTokens = cacheWriteTokens;
      this.cacheReadTokens = cacheReadTokens;
    }

    /** No tokens. */
    public static CacheAwareTokenUsage zero() {
      return ZERO;
    }

    /** {@code usage} as cache-aware usage (no cache counts when it has none); null counts as zero. */
    public static CacheAwareTokenUsage of(TokenUsage usage) {
      if (usage instanceof CacheAwareTokenUsage cached) {
        return cached;
      }
      if (usage == null) {
        return ZERO;
      }
      return new CacheAwareTokenUsage(orZero(usage.inputTokenCount()), 0, 0, orZero(usage.outputTokenCount()));
    }

    /** Input tokens written to the prompt cache. */
    public int cacheWriteTokens() {
      return cacheWriteTokens;
    }

    /** Input tokens read from the prompt cache. */
    public int cacheReadTokens() {
      return cacheReadTokens;
    }

    /** All input tokens: uncached, written to and read from the cache. */
    public int totalInputTokenCount() {
      return inputTokenCount() + cacheWriteTokens + cacheReadTokens;
    }

    /** The share of all input tokens read from the cache, 0 to 1 (0 when there was no input). */
    public double cacheReadShare() {
      int total = totalInputTokenCount();
      return total == 0 ? 0 : (double) cacheReadTokens / total;
    }

    /** The sum of this and {@code other}; plain {@link TokenUsage} counts as uncached. */
    @Override
    public CacheAwareTokenUsage add(TokenUsage other) {
      if (other == null) {
        return this;
      }
      CacheAwareTokenUsage o = of(other);
      return new CacheAwareTokenUsage(inputTokenCount() + o.inputTokenCount(), cacheWriteTokens + o.cacheWriteTokens,
          cacheReadTokens + o.cacheReadTokens, outputTokenCount() + o.outputTokenCount());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CacheAwareTokenUsage other && super.equals(other)
          && cacheWriteTokens == other.cacheWriteTokens && cacheReadTokens == other.cacheReadTokens;
    }

    @Override
    public int hashCode() {
      return Objects.hash(super.hashCode(), cacheWriteTokens, cacheReadTokens);
    }

    @Override
    public String toString() {
      return "CacheAwareTokenUsage{input=" + inputTokenCount() + ", cacheWrite=" + cacheWriteTokens + ", cacheRead="
          + cacheReadTokens + ", output=" + outputTokenCount() + "}";
    }

    private static int orZero(Integer count) {
      return count == null ? 0 : count;
    }

    private static int nonNegative(int count, String name) {
      if (count < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + count);
      }
      return count;
    }
  }

  /**
   * Prices per million tokens by model, to estimate what a run cost. A model id is priced by the longest
   * configured prefix it starts with ({@code claude-sonnet-4} prices {@code claude-sonnet-4-6}). Cache
   * writes cost {@link Price#cacheWritePerMillion()}, reads {@link Price#cacheReadPerMillion()}. The
   * defaults are Anthropic's list prices in US dollars for the five-minute cache; a host with other
   * prices (a discount, the one-hour cache, another currency) builds its own table with
   * {@link #builder()} or {@link #toBuilder()}. Immutable and thread-safe.
   */
  public static final class ModelPricing {
    private static final ModelPricing DEFAULTS = builder()
        .price("claude-opus-4-5", Price.of(5, 25))
        .price("claude-opus-4", Price.of(15, 75))
        .price("claude-sonnet-4", Price.of(3, 15))
        .price("claude-3-7-sonnet", Price.of(3, 15))
        .price("claude-haiku-4-5", Price.of(1, 5))
        .price("claude-3-5-haiku", Price.of(0.8, 4))
        .build();

    private final List<Entry> entries;

    private ModelPricing(List<Entry> entries) {
      this.entries = List.copyOf(entries);
    }

    /** Anthropic's list prices (USD per million tokens) for the current Claude families. */
    public static ModelPricing defaults() {
      return DEFAULTS;
    }

    /** An empty table. */
    public static Builder builder() {
      return new Builder(List.of());
    }

    /** A builder holding this table, to add or override prices. */
    public Builder toBuilder() {
      return new Builder(entries);
    }

    /** The price of {@code model}, when the table has one. */
    public Optional<Price> priceOf(String model) {
      requireNonNull(model, "model");
      String id = model.toLowerCase(Locale.ROOT);
      return entries.stream().filter(e -> id.startsWith(e.prefix))
          .max(Comparator.comparingInt(e -> e.prefix.length())).map(e -> e.price);
    }

    /** The estimated cost of {@code usage} on {@code model}, when the table prices it. */
    public Optional<Double> estimateCost(String model, TokenUsage usage) {
      requireNonNull(usage, "usage");
      CacheAwareTokenUsage u = CacheAwareTokenUsage.of(usage);
      return priceOf(model).map(p -> (u.inputTokenCount() * p.inputPerMillion()
          + u.cacheWriteTokens() * p.cacheWritePerMillion() + u.cacheReadTokens() * p.cacheReadPerMillion()
          + u.outputTokenCount() * p.outputPerMillion()) / 1_000_000.0);
    }

    private record Entry(String prefix, Price price) {}

    /**
     * Prices per million tokens.
     *
     * @param inputPerMillion uncached input
     * @param cacheWritePerMillion input written to the cache
     * @param cacheReadPerMillion input read from the cache
     * @param outputPerMillion output
     */
    public record Price(double inputPerMillion, double cacheWritePerMillion, double cacheReadPerMillion,
        double outputPerMillion) {
      /** Validates the prices: finite, not negative. */
      public Price {
        for (double p : new double[] {inputPerMillion, cacheWritePerMillion, cacheReadPerMillion, outputPerMillion}) {
          if (!(p >= 0 && p < 1e6)) {
            throw new IllegalArgumentException("a price per million tokens must be between 0 and 1,000,000: " + p);
          }
        }
      }

      /** Input and output prices; a cache write costs 1.25 times the input, a read a tenth. */
      public static Price of(double inputPerMillion, double outputPerMillion) {
        return new Price(inputPerMillion, inputPerMillion * 1.25, inputPerMillion / 10, outputPerMillion);
      }
    }

    /** Builds a {@link ModelPricing}. Not thread-safe. */
    public static final class Builder {
      private final List<Entry> entries;

      private Builder(List<Entry> entries) {
        this.entries = new ArrayList<>(entries);
      }

      /** Prices every model whose id starts with {@code modelPrefix} (replacing an earlier price for it). */
      public Builder price(String modelPrefix, Price price) {
        requireNonNull(modelPrefix, "modelPrefix");
        requireNonNull(price, "price");
        if (modelPrefix.isBlank()) {
          throw new IllegalArgumentException("model prefix must not be blank");
        }
        String prefix = modelPrefix.strip().toLowerCase(Locale.ROOT);
        entries.removeIf(e -> e.prefix.equals(prefix));
        entries.add(new Entry(prefix, price));
        return this;
      }

      /** The immutable table. */
      public ModelPricing build() {
        return new ModelPricing(entries);
      }
    }
  }

  /** One observable step of a run, in the order it happened. */
  public sealed interface AgentStep
      permits AgentStep.Thought, AgentStep.ToolCall, AgentStep.PermissionDecision, AgentStep.ToolOutcome {

    /** Text the model wrote alongside its tool calls: its reasoning before acting. */
    record Thought(String text) implements AgentStep {
      public Thought {
        requireNonNull(text, "text");
      }
    }

    /** A tool call the model asked for, with its raw arguments. */
    record ToolCall(String id, String tool, String arguments) implements AgentStep {
      public ToolCall {
        requireNonNull(id, "id");
        requireNonNull(tool, "tool");
        requireNonNull(arguments, "arguments");
      }
    }

    /**
     * What the permission gate decided about a call.
     *
     * @param permission what the policy said
     * @param allowed whether the call ran (after the approver, for {@link Permission#ASK})
     * @param reason why, in words
     */
    record PermissionDecision(String callId, String tool, Set<Action> actions, Permission permission,
        boolean allowed, String reason) implements AgentStep {
      public PermissionDecision {
        requireNonNull(callId, "callId");
        requireNonNull(tool, "tool");
        actions = Set.copyOf(actions);
        requireNonNull(permission, "permission");
        requireNonNull(reason, "reason");
      }
    }

    /** The result a call gave back to the model (a failure for refused, unknown or broken calls). */
    record ToolOutcome(String callId, String tool, ToolResult result, Duration duration) implements AgentStep {
      public ToolOutcome {
        requireNonNull(callId, "callId");
        requireNonNull(tool, "tool");
        requireNonNull(result, "result");
        requireNonNull(duration, "duration");
      }
    }
  }
}
