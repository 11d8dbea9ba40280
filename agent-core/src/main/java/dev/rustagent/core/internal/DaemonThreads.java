package dev.rustagent.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** agent-core's one way to make threads: daemon threads named {@code rust-agent-<role>-<n>}. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory numbering its threads {@code rust-agent-<role>-1}, {@code -2}, ... */
  public static ThreadFactory factory(String role) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> create(runnable, role + "-" + count.incrementAndGet());
  }

  /** One daemon thread named {@code rust-agent-<name>}, not started. */
  public static Thread create(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, "rust-agent-" + name);
    thread.setDaemon(true);
    return thread;
  }
}
