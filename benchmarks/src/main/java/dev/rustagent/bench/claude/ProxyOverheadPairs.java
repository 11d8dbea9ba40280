package dev.rustagent.bench.claude;

import com.sun.management.OperatingSystemMXBean;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.testkit.FakeAnthropicServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * ClaudeProxy's per-call overhead over a bare {@code java.net.http} call, measured in interleaved pairs
 * so that both sides see the same machine load (run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rustagent.bench.claude.ProxyOverheadPairs [rounds] [callsPerBlock]}).
 *
 * <p>{@link ProxyRoundTripBenchmark} runs each side as its own JMH trial, seconds apart; on a shared
 * machine a change of load between trials moves the ratio by more than the overhead being measured.
 * Here every round runs a block of each of the four calls (proxy and bare, round trip and first token),
 * in an order that rotates from round to round, against one {@link FakeAnthropicServer}. The bare client
 * replays the exact body ClaudeProxy sent (cache breakpoints included), so the server does the same work
 * for both. Per side it reports the wall time per call (median, 10th and 90th percentile) and the
 * process CPU time per call; the server runs in the same process, so the CPU difference between a pair
 * is the client's.
 */
public final class ProxyOverheadPairs {
  private static final String[] NAMES = {
    "claudeProxyRoundTrip", "bareHttpRoundTrip", "claudeProxyFirstToken", "bareSseFirstToken"};

  /** The same four calls as the JMH benchmark, on the same state. */
  private final ProxyRoundTripBenchmark calls = new ProxyRoundTripBenchmark();

  private String call(int kind) throws Exception {
    return switch (kind) {
      case 0 -> calls.claudeProxyRoundTrip();
      case 1 -> calls.bareHttpRoundTrip();
      case 2 -> calls.claudeProxyFirstToken();
      default -> calls.bareSseFirstToken();
    };
  }

  private void run(int rounds, int perBlock) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<List<Long>> wall = new ArrayList<>();
    long[] cpu = new long[NAMES.length];
    long[] counted = new long[NAMES.length];
    for (int k = 0; k < NAMES.length; k++) {
      wall.add(new ArrayList<>());
    }
    int warmupRounds = Math.max(1, rounds / 5);
    for (int round = 0; round < warmupRounds + rounds; round++) {
      boolean measured = round >= warmupRounds;
      for (int slot = 0; slot < NAMES.length; slot++) {
        int kind = (slot + round) % NAMES.length;
        long cpuStart = os.getProcessCpuTime();
        for (int i = 0; i < perBlock; i++) {
          long start = System.nanoTime();
          if (call(kind) == null) {
            throw new IllegalStateException(NAMES[kind] + " returned no text");
          }
          if (measured) {
            wall.get(kind).add(System.nanoTime() - start);
          }
        }
        if (measured) {
          cpu[kind] += os.getProcessCpuTime() - cpuStart;
          counted[kind] += perBlock;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds x %d calls per side, load average at the end %.2f%n%n", rounds,
        perBlock, os.getSystemLoadAverage());
    System.out.println("| call | p10 µs | p50 µs | p90 µs | process CPU µs/call | p50 ratio to bare |");
    System.out.println("|---|---|---|---|---|---|");
    long[] p50 = new long[NAMES.length];
    for (int k = 0; k < NAMES.length; k++) {
      Collections.sort(wall.get(k));
      p50[k] = percentile(wall.get(k), 0.50);
    }
    for (int k = 0; k < NAMES.length; k++) {
      List<Long> times = wall.get(k);
      String ratio = k % 2 == 0 ? String.format(Locale.ROOT, "%.2fx", (double) p50[k] / p50[k + 1]) : "";
      System.out.printf(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %,d | %s |%n", NAMES[k],
          percentile(times, 0.10) / 1000, p50[k] / 1000, percentile(times, 0.90) / 1000,
          cpu[k] / counted[k] / 1000, ratio);
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    ProxyOverheadPairs pairs = new ProxyOverheadPairs();
    pairs.calls.start();
    try {
      pairs.run(rounds, perBlock);
    } finally {
      pairs.calls.stop();
    }
  }
}
