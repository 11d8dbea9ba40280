package dev.rustagent.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The runs that may modify the workspace, one at a time in arrival order, with at most
 * {@code capacity} waiting. A run's position is the number of runs ahead of it (the running one included).
 */
final class WorkspaceQueue {
  private final int capacity;
  private final Deque<ServerRun> waiting = new ArrayDeque<>();
  private ServerRun active;

  WorkspaceQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds a run to the end; false when the queue is full. */
  synchronized boolean enqueue(ServerRun run) {
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.addLast(run);
    run.queuedAt(positionOf(run));
    return true;
  }

  /**
   * Blocks until it is {@code run}'s turn.
   *
   * @throws CancellationException when the run is cancelled while waiting (it leaves the queue)
   */
  synchronized void awaitTurn(ServerRun run) throws InterruptedException {
    while (active != null || waiting.peekFirst() != run) {
      if (run.cancellation().isCancelled()) {
        waiting.remove(run);
        notifyAll();
        throw new CancellationException("cancelled while waiting for the workspace");
      }
      wait(250);
    }
    waiting.removeFirst();
    active = run;
  }

  /** Ends {@code run}'s turn (or removes it when it never got one). */
  synchronized void release(ServerRun run) {
    if (active == run) {
      active = null;
    } else {
      waiting.remove(run);
    }
    notifyAll();
  }

  /** Wakes waiting runs so cancelled ones leave. */
  synchronized void wake() {
    notifyAll();
  }

  /** The waiting runs with their new positions (after a change). */
  synchronized List<ServerRun> reposition() {
    List<ServerRun> runs = new ArrayList<>(waiting);
    for (ServerRun run : runs) {
      run.queuedAt(positionOf(run));
    }
    return runs;
  }

  /** Runs waiting plus the running one. */
  synchronized int length() {
    return waiting.size() + (active == null ? 0 : 1);
  }

  private int positionOf(ServerRun run) {
    int ahead = active == null ? 0 : 1;
    for (ServerRun r : waiting) {
      if (r == run) {
        return ahead;
      }
      ahead++;
    }
    return ahead;
  }
}
