package dev.rustagent.memory.internal;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The small daemon pool that helps scan large vector indexes in parallel: one thread fewer than the
 * available processors (the searching thread scans too), created on first use and shared by all
 * indexes in the process. Not the common fork-join pool, so host code's parallel streams and the scan
 * do not starve each other.
 */
final class ScanWorkers {

  private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

  private ScanWorkers() {}

  /** @return how many helper threads the pool has (0 on a single processor) */
  static int helpers() {
    return HELPERS;
  }

  /** @return the shared pool; only call when {@link #helpers()} is positive */
  static ExecutorService pool() {
    return Holder.POOL;
  }

  private static final class Holder {
    static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, HELPERS),
        DaemonThreads.factory("memory-scan"));
  }
}
