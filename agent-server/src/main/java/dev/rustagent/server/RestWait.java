package dev.rustagent.server;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A REST query's client waiting for its answer. Over HTTP/1.1 a server hears that a client hung up only
 * when it writes to the connection, so while the run goes on (the model, the queue, an approval) the
 * response is started and a space, which JSON ignores before the body, is written about every
 * {@link #PING_MILLIS} ms; when a write fails the client is gone and its run is cancelled, which also
 * refuses its pending approval. Queries answered within the first {@link #PING_MILLIS} ms are not
 * touched.
 */
final class RestWait {
  private static final Logger log = LoggerFactory.getLogger(RestWait.class);
  static final long PING_MILLIS = 1000;

  private final Context ctx;
  private final ServerRun run;
  private final long since = System.nanoTime();
  private final Set<RestWait> watched;
  private boolean finished;

  private RestWait(Context ctx, ServerRun run, Set<RestWait> watched) {
    this.ctx = ctx;
    this.run = run;
    this.watched = watched;
  }

  /**
   * The waiting clients and the one timer that pings them all: one sweep a second, not one timer task
   * per request (which woke the timer thread for every query, seen in a JFR recording).
   */
  static final class Watch implements AutoCloseable {
    private final Set<RestWait> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.factory("server-rest-wait"));

    Watch() {
      timer.scheduleWithFixedDelay(this::sweep, PING_MILLIS, PING_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code run}'s client. */
    RestWait watch(Context ctx, ServerRun run) {
      RestWait wait = new RestWait(ctx, run, waiting);
      waiting.add(wait);
      return wait;
    }

    private void sweep() {
      long now = System.nanoTime();
      for (RestWait wait : waiting) {
        if (now - wait.since >= TimeUnit.MILLISECONDS.toNanos(PING_MILLIS)) {
          try {
            wait.ping();
          } catch (RuntimeException e) {
            log.debug("pinging a REST client failed: {}", e.toString());
          }
        }
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /** The run ended: no more writes from here (the answer is written after this returns). */
  synchronized void finish() {
    finished = true;
    watched.remove(this);
  }

  private synchronized void ping() {
    if (finished) {
      return;
    }
    try {
      if (!ctx.res().isCommitted()) {
        ctx.res().setStatus(200);
        ctx.res().setContentType("application/json");
      }
      OutputStream out = ctx.res().getOutputStream();
      out.write(' ');
      out.flush();
    } catch (IOException | RuntimeException e) {
      finished = true;
      watched.remove(this);
      if (!run.isDone()) {
        log.info("run {}: the REST client went away ({}); cancelled", run.id(), e.toString());
        run.cancellation().cancel();
      }
    }
  }
}
