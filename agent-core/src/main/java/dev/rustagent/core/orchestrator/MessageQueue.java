package dev.rustagent.core.orchestrator;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's bounded message queue: a send waits briefly for room and then fails with
 * {@link RejectedExecutionException}; one dispatcher thread hands messages to workers, at most
 * {@code maxConcurrent} at once, and records each message's latency before its reply completes.
 */
final class MessageQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageQueue.class);
  private static final long ENQUEUE_WAIT_MILLIS = 100;

  /** One message: the work and where its result goes. */
  private record Envelope<T>(String type, Callable<T> work, CompletableFuture<T> reply) {}

  private final int capacity;
  private final BlockingQueue<Envelope<?>> queue;
  private final Semaphore slots;
  private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.factory("orchestrator"));
  private final LatencyTracker latency;
  private volatile Thread dispatcher;
  private volatile boolean closed;

  MessageQueue(int capacity, int maxConcurrent, LatencyTracker latency) {
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.slots = new Semaphore(maxConcurrent);
    this.latency = latency;
  }

  synchronized void start() {
    Thread thread = DaemonThreads.create(this::dispatch, "orchestrator-dispatcher");
    dispatcher = thread;
    thread.start();
  }

  boolean started() {
    return dispatcher != null;
  }

  boolean closed() {
    return closed;
  }

  /**
   * Queues work; the future completes with its result.
   *
   * @throws RejectedExecutionException when closed or the queue stays full
   * @throws IllegalStateException when not started
   */
  <T> CompletableFuture<T> enqueue(String type, Callable<T> work) {
    if (closed) {
      throw new RejectedExecutionException("the orchestrator is closed");
    }
    if (dispatcher == null) {
      throw new IllegalStateException("call start() before sending to the orchestrator");
    }
    Envelope<T> envelope = new Envelope<>(type, work, new CompletableFuture<>());
    try {
      if (!queue.offer(envelope, ENQUEUE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new RejectedExecutionException("the orchestrator's queue is full (" + capacity
            + " messages waiting); try again later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException("interrupted while waiting for room in the queue", e);
    }
    return envelope.reply();
  }

  /** Stops the dispatcher and the workers; queued messages fail. */
  @Override
  public void close() {
    closed = true;
    Thread thread = dispatcher;
    if (thread != null) {
      thread.interrupt();
    }
    workers.shutdownNow();
    Envelope<?> left;
    while ((left = queue.poll()) != null) {
      left.reply().completeExceptionally(new RejectedExecutionException("the orchestrator was closed"));
    }
  }

  private void dispatch() {
    while (!closed) {
      Envelope<?> envelope;
      try {
        slots.acquire();
        envelope = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        workers.execute(() -> {
          try {
            run(envelope);
          } finally {
            slots.release();
          }
        });
      } catch (RejectedExecutionException e) {
        slots.release();
        envelope.reply().completeExceptionally(e);
      }
    }
  }

  private <T> void run(Envelope<T> envelope) {
    long start = System.nanoTime();
    T value = null;
    Exception failure = null;
    try {
      value = envelope.work().call();
    } catch (Exception e) {
      log.warn("handling a {} message failed", envelope.type(), e);
      failure = e;
    }
    // recorded before the reply completes, so a host reading the tracker after the reply sees it
    latency.record(envelope.type(), Duration.ofNanos(System.nanoTime() - start));
    if (failure != null) {
      envelope.reply().completeExceptionally(failure);
    } else {
      envelope.reply().complete(value);
    }
  }
}
