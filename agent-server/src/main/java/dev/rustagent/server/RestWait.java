package dev.rustagent.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A REST query's client waiting for its answer. Over HTTP/1.1 a server hears that a client hung up only
 * when it writes to the connection, so while the run goes on (the model, the queue, an approval) the
 * response is started and a space, which JSON ignores before the body, is written every
 * {@link #PING_SECONDS} second; when a write fails the client is gone and its run is cancelled, which
 * also refuses its pending approval. Queries answered within the first second are not touched.
 */
final class RestWait {
  private static final Logger log = LoggerFactory.getLogger(RestWait.class);
  static final long PING_SECONDS = 1;

  private final Context ctx;
  private final ServerRun run;
  private final ScheduledFuture<?> pings;
  private boolean finished;

  private RestWait(Context ctx, ServerRun run, ScheduledExecutorService timer) {
    this.ctx = ctx;
    this.run = run;
    this.pings = timer.scheduleWithFixedDelay(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }

  /** Starts watching {@code run}'s client. */
  static RestWait watch(Context ctx, ServerRun run, ScheduledExecutorService timer) {
    return new RestWait(ctx, run, timer);
  }

  /** The run ended: no more writes from here (the answer is written after this returns). */
  synchronized void finish() {
    finished = true;
    pings.cancel(false);
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
      pings.cancel(false);
      if (!run.isDone()) {
        log.info("run {}: the REST client went away ({}); cancelled", run.id(), e.toString());
        run.cancellation().cancel();
      }
    }
  }
}
