package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

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
