package dev.rustagent.llm.claude;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A response body that fails with {@link HttpTimeoutException} when no data arrives for the idle
 * timeout. The JDK client's request timeout only covers the wait for the response headers; without
 * this a body or stream that stalls half way would block its reader forever. The {@link IdleWatch}
 * closes the stream and interrupts a blocked reader.
 */
final class IdleTimeoutStream extends FilterInputStream {
  private final IdleWatch watch;
  private volatile Thread reader;

  IdleTimeoutStream(InputStream in, Duration idle) {
    super(in);
    this.watch = IdleWatch.start(idle, this::timeOut);
  }

  private void timeOut() {
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
      watch.touch();
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
      watch.touch();
      return n;
    } catch (IOException e) {
      throw translate(e);
    } finally {
      reader = null;
      clearOwnInterrupt();
    }
  }

  private IOException translate(IOException e) {
    if (!watch.timedOut()) {
      return e;
    }
    HttpTimeoutException timeout =
        new HttpTimeoutException("no data from the proxy for " + watch.idle().toMillis() + " ms");
    timeout.initCause(e);
    return timeout;
  }

  /** The watchdog's interrupt is meant for the blocked read only; do not leak it to the caller. */
  private void clearOwnInterrupt() {
    if (watch.timedOut()) {
      Thread.interrupted();
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
    super.close();
  }
}
