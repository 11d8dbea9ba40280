package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prices per million tokens by model, to estimate what a run cost. A model id is priced by the longest
 * configured prefix it starts with ({@code claude-sonnet-4} prices {@code claude-sonnet-4-6}). Cache
 * writes cost {@link Price#cacheWritePerMillion()}, reads {@link Price#cacheReadPerMillion()}. The
 * defaults are Anthropic's list prices in US dollars for the five-minute cache; a host with other
 * prices (a discount, the one-hour cache, another currency) builds its own table with
 * {@link #builder()} or {@link #toBuilder()}. Immutable and thread-safe.
 */
public final class ModelPricing {
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
