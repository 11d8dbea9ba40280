package dev.rustagent.art;

import java.util.List;

/**
 * Facts about a run that judges, rewards and exports use.
 *
 * @param model the chat model's name, or empty when unknown
 * @param totalTokens input plus output tokens over the run
 * @param cost the run's cost in the configured currency (0 when no price was configured)
 * @param toolsUsed the distinct tools called, in first-use order
 * @param errorCount failed tool calls plus one when the run itself failed
 * @param efficiency the share of steps that moved the run forward (successful tool calls and the answer), 0..1
 * @param status how the run ended (an {@code AgentStatus} name)
 * @param kind what kind of run it was, so comparable runs can be found: {@code task} (a plain task),
 *     {@code workflow:NAME}, {@code command:/NAME}, {@code mission:NAME} or {@code helper}; empty when unknown
 * @param diagnosticCodes the compiler error codes (such as {@code E0382}) the run dealt with, in first-seen order
 * @param parentRunId the run that spawned this one (a helper agent's parent, or the workflow whose
 *     model question this run was), or empty
 * @param tokens the run's tokens with prompt-cache writes and reads apart from the rest of the input
 */
public record TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
    double efficiency, String status, String kind, List<String> diagnosticCodes, String parentRunId,
    Tokens tokens) {

  /**
   * Token counts as the Anthropic API reports them.
   *
   * @param input input tokens neither written to nor read from the prompt cache
   * @param cacheWrite input tokens written to the prompt cache
   * @param cacheRead input tokens read from the prompt cache
   * @param output output tokens
   */
  public record Tokens(long input, long cacheWrite, long cacheRead, long output) {
    private static final Tokens NONE = new Tokens(0, 0, 0, 0);

    public Tokens {
      if (input < 0 || cacheWrite < 0 || cacheRead < 0 || output < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
    }

    /** No tokens. */
    public static Tokens none() {
      return NONE;
    }

    /** All of them. */
    public long total() {
      return input + cacheWrite + cacheRead + output;
    }
  }

  /** Metadata whose token counts are not split by the prompt cache. */
  public TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
      double efficiency, String status, String kind, List<String> diagnosticCodes, String parentRunId) {
    this(model, totalTokens, cost, toolsUsed, errorCount, efficiency, status, kind, diagnosticCodes, parentRunId,
        Tokens.none());
  }

  public TrajectoryMetadata {
    tokens = tokens == null ? Tokens.none() : tokens;
    model = model == null ? "" : model;
    toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
    status = status == null ? "" : status;
    kind = kind == null ? "" : kind;
    diagnosticCodes = diagnosticCodes == null ? List.of() : List.copyOf(diagnosticCodes);
    parentRunId = parentRunId == null ? "" : parentRunId;
    if (totalTokens < 0 || cost < 0 || errorCount < 0) {
      throw new IllegalArgumentException("tokens, cost and error count must not be negative");
    }
    if (!(efficiency >= 0 && efficiency <= 1)) {
      throw new IllegalArgumentException("efficiency must be within 0..1: " + efficiency);
    }
  }

  /** Metadata of a run whose kind, error codes and parent are unknown. */
  public TrajectoryMetadata(String model, long totalTokens, double cost, List<String> toolsUsed, int errorCount,
      double efficiency, String status) {
    this(model, totalTokens, cost, toolsUsed, errorCount, efficiency, status, "", List.of(), "");
  }

  /** Metadata with nothing known. */
  public static TrajectoryMetadata empty() {
    return new TrajectoryMetadata("", 0, 0, List.of(), 0, 0, "");
  }

  /**
   * The key by which comparable runs are grouped: the kind and the first error code when the run had
   * one (the same workflow on the same error), else empty (group by objective instead).
   */
  public String comparisonKey() {
    return diagnosticCodes.isEmpty() || kind.isEmpty() ? "" : kind + "|" + diagnosticCodes.get(0);
  }
}
