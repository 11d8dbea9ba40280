package dev.rustagent.tools.spi.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The project's one way to make threads (every module's: tools, MCP, core, memory, ART, the proxy
 * client, the server): daemon threads named {@code rust-agent-<role>-<n>}, so a forgotten thread never
 * keeps a host's JVM alive and a thread dump says whose each thread is.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory numbering its threads {@code rust-agent-<role>-1}, {@code -2}, ... */
  public static ThreadFactory factory(String role) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> create(runnable, role + "-" + count.incrementAndGet());
  }

  /** One daemon thread named {@code rust-agent-<name>}, started. */
  public static Thread start(Runnable runnable, String name) {
    Thread thread = create(runnable, name);
    thread.start();
    return thread;
  }

  /** One daemon thread named {@code rust-agent-<name>}, not started. */
  public static Thread create(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, "rust-agent-" + name);
    thread.setDaemon(true);
    return thread;
  }
}
