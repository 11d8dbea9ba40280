package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How model calls that fail transiently (timeouts, 429, 529, 5xx, broken streams) are retried:
 * exponential backoff with jitter, or the delay the server asked for when it gave one (capped at
 * {@link Builder#maxRetryAfter}; a longer request fails at once). Other failures are never retried. Immutable.
 */
public final class RetryPolicy {
  private static final Duration MAX_DELAY = Duration.ofDays(1);
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxRetries(0).build();

  private final int maxRetries;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder b) {
    this.maxRetries = b.maxRetries;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /** 3 retries, 500 ms doubling up to 30 s, 20% jitter, server delays honoured up to 2 minutes. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** No retries. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The longest server-requested delay the agent waits; a call whose server asks for longer fails at
   * once, with the asked wait in its message.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** How many times a failed call is tried again. */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The wait before retry number {@code retry} (1-based): the server's delay when given, otherwise
   * {@code initialDelay * multiplier^(retry-1)} capped at {@code maxDelay}, spread by the jitter.
   */
  public Duration delayBefore(int retry, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    double spread = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter);
    return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay="
        + maxDelay + ", multiplier=" + multiplier + ", jitter=" + jitter + "}";
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxRetries = 3;
    private Duration initialDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    private double jitter = 0.2;
    private Duration maxRetryAfter = Duration.ofMinutes(2);

    private Builder() {}

    /** Retries after the first try; 0 to 20. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 20) {
        throw new IllegalArgumentException("max retries must be between 0 and 20: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** The first backoff delay; not negative. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /** The longest backoff delay; not negative. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /** The growth factor of the backoff; at least 1. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The relative spread of each delay, from 0 (none) to 1. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The longest server-requested delay honoured; a server asking for longer fails the call at once. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** Builds the immutable policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException(name + " must be between 0 and 1 day: " + d);
      }
      return d;
    }
  }
}
