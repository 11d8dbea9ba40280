package dev.rustagent.core.orchestrator;

import dev.rustagent.core.Agent;
import dev.rustagent.tools.CancellationToken;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A spawned helper agent: its id, status, result and a way to cancel it. Thread-safe.
 */
public final class HelperHandle {
  private final String id;
  private final HelperSpec spec;
  final Agent agent;
  final CancellationToken cancellation = CancellationToken.create();
  private final AtomicReference<HelperStatus> status = new AtomicReference<>(HelperStatus.QUEUED);
  private final CompletableFuture<HelperResult> result = new CompletableFuture<>();
  volatile Future<?> task;

  HelperHandle(String id, HelperSpec spec, Agent agent) {
    this.id = id;
    this.spec = spec;
    this.agent = agent;
  }

  /** The helper's id, unique in its network. */
  public String id() {
    return id;
  }

  /** What it was asked to do. */
  public HelperSpec spec() {
    return spec;
  }

  /** Its status now. */
  public HelperStatus status() {
    return status.get();
  }

  /** Completes with the helper's result; never completes exceptionally. */
  public CompletableFuture<HelperResult> result() {
    return result.copy();
  }

  /** Cancels the helper; a queued one never starts, a running one stops at its next step. */
  public void cancel() {
    finish(new HelperResult(id, HelperStatus.CANCELLED, "", "cancelled by the parent", null), true);
  }

  boolean start() {
    return status.compareAndSet(HelperStatus.QUEUED, HelperStatus.RUNNING);
  }

  /** Records the end once; later calls are ignored. With {@code stopRun}, interrupts the running helper. */
  boolean finish(HelperResult r, boolean stopRun) {
    HelperStatus current;
    do {
      current = status.get();
      if (current.isDone()) {
        return false;
      }
    } while (!status.compareAndSet(current, r.status()));
    cancellation.cancel();
    Future<?> running = task;
    if (stopRun && running != null) {
      running.cancel(true);
    }
    result.complete(r);
    return true;
  }

  @Override
  public String toString() {
    return "helper " + id + " (" + status() + "): " + spec.task();
  }
}
