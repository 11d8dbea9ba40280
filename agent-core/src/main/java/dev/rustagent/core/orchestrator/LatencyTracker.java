package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Latency per query type (a trigger kind, a slash command, {@code query}): p50, p95, p99 and mean
 * over the latest {@code window} samples of each type. Thread-safe.
 */
public final class LatencyTracker {
  private final int window;
  private final Map<String, Samples> samples = new ConcurrentHashMap<>();

  /**
   * A tracker keeping the latest {@code window} samples per type.
   *
   * @throws IllegalArgumentException when the window is below 1
   */
  public LatencyTracker(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1: " + window);
    }
    this.window = window;
  }

  /** A tracker keeping the latest 10,000 samples per type. */
  public LatencyTracker() {
    this(10_000);
  }

  /**
   * Records one sample.
   *
   * @throws IllegalArgumentException when the latency is negative or the type blank
   */
  public void record(String queryType, Duration latency) {
    requireNonNull(queryType, "queryType");
    requireNonNull(latency, "latency");
    if (queryType.isBlank()) {
      throw new IllegalArgumentException("query type must not be blank");
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    samples.computeIfAbsent(queryType, t -> new Samples(window)).add(latency.toNanos());
  }

  /** Runs {@code work} and records how long it took, also when it throws. */
  public <T> T time(String queryType, Supplier<T> work) {
    requireNonNull(work, "work");
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      record(queryType, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** The figures of one type, or empty when it has no samples. */
  public Optional<LatencyStats> stats(String queryType) {
    Samples s = samples.get(requireNonNull(queryType, "queryType"));
    return s == null ? Optional.empty() : Optional.of(s.stats(queryType));
  }

  /** The figures of every type, by type name in sorted order. */
  public Map<String, LatencyStats> snapshot() {
    Map<String, LatencyStats> out = new LinkedHashMap<>();
    samples.keySet().stream().sorted().forEach(t -> out.put(t, samples.get(t).stats(t)));
    return out;
  }

  /** A ring of the latest samples of one type. */
  private static final class Samples {
    private final long[] ring;
    private int next;
    private int size;

    Samples(int window) {
      this.ring = new long[window];
    }

    synchronized void add(long nanos) {
      ring[next] = nanos;
      next = (next + 1) % ring.length;
      size = Math.min(size + 1, ring.length);
    }

    synchronized LatencyStats stats(String type) {
      long[] sorted = Arrays.copyOf(ring, size);
      Arrays.sort(sorted);
      long sum = 0;
      for (long v : sorted) {
        sum += v;
      }
      return new LatencyStats(type, size, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
          Duration.ofNanos(sum / size));
    }

    private static Duration rank(long[] sorted, int percentile) {
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return Duration.ofNanos(sorted[Math.max(0, index)]);
    }
  }

  /**
   * Latency figures of one query type over the tracker's window (nearest-rank percentiles).
   *
   * @param queryType the query type
   * @param count how many samples the figures are over
   */
  public record LatencyStats(String queryType, int count, Duration p50, Duration p95, Duration p99, Duration mean) {
    public LatencyStats {
      requireNonNull(queryType, "queryType");
      requireNonNull(p50, "p50");
      requireNonNull(p95, "p95");
      requireNonNull(p99, "p99");
      requireNonNull(mean, "mean");
    }
  }
}
