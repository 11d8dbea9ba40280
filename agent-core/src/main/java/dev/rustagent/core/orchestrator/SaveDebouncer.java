package dev.rustagent.core.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers saved files over the debounce window and sends them as one batch; while a batch is being
 * handled, further saves wait for the next one. A storm of saves starts one or two runs, not hundreds.
 */
final class SaveDebouncer {
  private static final Logger log = LoggerFactory.getLogger(SaveDebouncer.class);

  private final ScheduledExecutorService timer;
  private final Duration debounce;
  private final Function<Set<Path>, CompletableFuture<?>> send;
  private final BooleanSupplier closed;
  private final Set<Path> pending = new LinkedHashSet<>();
  private ScheduledFuture<?> scheduled;
  private boolean inFlight;

  /**
   * @param send sends one batch; throws when it cannot be sent now (the batch is retried later)
   * @param closed whether the owner is closed (then nothing is retried)
   */
  SaveDebouncer(ScheduledExecutorService timer, Duration debounce, Function<Set<Path>, CompletableFuture<?>> send,
      BooleanSupplier closed) {
    this.timer = timer;
    this.debounce = debounce;
    this.send = send;
    this.closed = closed;
  }

  /** Notes a save and restarts the debounce window. */
  synchronized void saved(Path path) {
    pending.add(path);
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    scheduled = timer.schedule(this::flush, debounce.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void flush() {
    Set<Path> batch;
    synchronized (this) {
      if (inFlight || pending.isEmpty()) {
        return;
      }
      batch = Set.copyOf(pending);
      pending.clear();
      inFlight = true;
    }
    CompletableFuture<?> run;
    try {
      run = send.apply(batch);
    } catch (RuntimeException e) {
      log.info("saved files not checked yet: {}", e.getMessage());
      synchronized (this) {
        inFlight = false;
        pending.addAll(batch);
      }
      if (!closed.getAsBoolean()) {
        timer.schedule(this::flush, Math.max(100, debounce.toMillis()), TimeUnit.MILLISECONDS);
      }
      return;
    }
    run.whenComplete((result, error) -> {
      synchronized (this) {
        inFlight = false;
      }
      if (!closed.getAsBoolean()) {
        flush();
      }
    });
  }
}
