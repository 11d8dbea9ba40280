package dev.rustagent.art.train;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import static java.util.Objects.requireNonNull;

import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.TrajectoryStore;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.train.TrainingPipeline.TrainingReport;

/**
 * Trains in the background when enough new trajectories exist: every
 * {@link ArtConfig#trainingInterval()} it compares the store's count with the count at the last
 * training and, when at least {@link ArtConfig#minTrajectories()} are new and training is enabled,
 * runs the pipeline. A failed training is logged and tried again at the next check. Trainings never
 * overlap.
 */
public final class TrainingScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainingScheduler.class);

  private final TrajectoryStore store;
  private final Supplier<TrainingReport> training;
  private final ArtConfig config;
  private final ScheduledExecutorService executor;
  private long countAtLastTraining;

  /**
   * @param training runs one training (usually {@code pipeline::run})
   * @param countAtLastTraining the store's count when training last ran (0 to count every trajectory as new)
   */
  public TrainingScheduler(TrajectoryStore store, Supplier<TrainingReport> training, ArtConfig config,
      long countAtLastTraining) {
    this.store = requireNonNull(store, "store");
    this.training = requireNonNull(training, "training");
    this.config = requireNonNull(config, "config");
    if (countAtLastTraining < 0) {
      throw new IllegalArgumentException("count must not be negative: " + countAtLastTraining);
    }
    this.countAtLastTraining = countAtLastTraining;
    this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("art-training-scheduler"));
  }

  /** Starts checking every training interval. */
  public void start() {
    long millis = config.trainingInterval().toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        checkNow();
      } catch (RuntimeException e) {
        log.error("background training failed; trying again at the next check", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Checks once and trains when due.
   *
   * @return the training's report, or empty when training is disabled or too few trajectories are new
   */
  public synchronized Optional<TrainingReport> checkNow() {
    if (!config.enableTraining()) {
      return Optional.empty();
    }
    long count = store.count();
    long fresh = count - countAtLastTraining;
    if (fresh < config.minTrajectories()) {
      log.debug("{} new trajectories; training needs {}", fresh, config.minTrajectories());
      return Optional.empty();
    }
    log.info("{} new trajectories; training", fresh);
    TrainingReport report = training.get();
    countAtLastTraining = count;
    return Optional.of(report);
  }

  /** The store's count at the last training. */
  public synchronized long countAtLastTraining() {
    return countAtLastTraining;
  }

  /** Stops checking; a training in progress finishes. */
  @Override
  public void close() {
    executor.shutdown();
  }
}
