package dev.rustagent.llm.claude;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails with {@link HttpTimeoutException} when no data arrives for the idle
 * timeout. The JDK client's request timeout only covers the wait for the response headers; without
 * this a body or stream that stalls half way would block its reader forever.
 */
final class IdleTimeoutStream extends FilterInputStream {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("claude-proxy-idle-watchdog"));

  private final long idleNanos;
  private final Duration idle;
  private final ScheduledFuture<?> check;
  private volatile long lastData = System.nanoTime();
  private volatile Thread reader;
  private volatile boolean timedOut;

  IdleTimeoutStream(InputStream in, Duration idle) {
    super(in);
    this.idle = idle;
    this.idleNanos = idle.toNanos();
    long period = Math.max(10, idle.toMillis() / 4);
    this.check = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (System.nanoTime() - lastData <= idleNanos) {
      return;
    }
    timedOut = true;
    check.cancel(false);
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // Closing is best effort; the interrupt below wakes the reader either way.
    }
    Thread blocked = reader;
    if (blocked != null) {
      blocked.interrupt();
    }
  }

  @Override
  public int read() throws IOException {
    reader = Thread.currentThread();
    try {
      int b = super.read();
      lastData = System.nanoTime();
      return b;
    } catch (IOException e) {
      throw translate(e);
    } finally {
      reader = null;
      clearOwnInterrupt();
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    reader = Thread.currentThread();
    try {
      int n = super.read(buffer, offset, length);
      lastData = System.nanoTime();
      return n;
    } catch (IOException e) {
      throw translate(e);
    } finally {
      reader = null;
      clearOwnInterrupt();
    }
  }

  private IOException translate(IOException e) {
    if (!timedOut) {
      return e;
    }
    HttpTimeoutException timeout = new HttpTimeoutException("no data from the proxy for " + idle.toMillis() + " ms");
    timeout.initCause(e);
    return timeout;
  }

  /** The watchdog's interrupt is meant for the blocked read only; do not leak it to the caller. */
  private void clearOwnInterrupt() {
    if (timedOut) {
      Thread.interrupted();
    }
  }

  @Override
  public void close() throws IOException {
    check.cancel(false);
    super.close();
  }
}
