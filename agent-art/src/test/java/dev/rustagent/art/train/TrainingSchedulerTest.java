package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.TrajectoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.train.Trainer.TrainerException;
import dev.rustagent.art.train.TrainingPipeline.TrainingReport;

class TrainingSchedulerTest {
  private final TrajectoryStore store = TrajectoryStore.inMemory();
  private final AtomicInteger trainings = new AtomicInteger();
  private final TrainingReport report = new TrainingReport(null, 0, 0, List.of(), false, "test", null);

  @AfterEach
  void close() {
    store.close();
  }

  private void add(int n) {
    for (int i = 0; i < n; i++) {
      store.save(TrainingPipelineTest.t("t" + store.count(), "x", 0.5));
    }
  }

  private TrainingScheduler scheduler(boolean enabled, int min) {
    return new TrainingScheduler(store, () -> {
      trainings.incrementAndGet();
      return report;
    }, ArtConfig.builder().enableTraining(enabled).minTrajectories(min).trainingInterval(Duration.ofMillis(50))
        .build(), 0);
  }

  @Test
  void trainsWhenEnoughNewTrajectoriesExist() {
    try (TrainingScheduler s = scheduler(true, 3)) {
      add(2);
      assertThat(s.checkNow()).isEmpty();
      add(1);
      assertThat(s.checkNow()).contains(report);
      assertThat(s.countAtLastTraining()).isEqualTo(3);
    }
  }

  @Test
  void countsOnlyTrajectoriesNewSinceTheLastTraining() {
    try (TrainingScheduler s = scheduler(true, 2)) {
      add(2);
      s.checkNow();
      add(1);
      assertThat(s.checkNow()).isEmpty();
      assertThat(trainings).hasValue(1);
    }
  }

  @Test
  void doesNothingWhenTrainingIsDisabled() {
    try (TrainingScheduler s = scheduler(false, 1)) {
      add(5);
      assertThat(s.checkNow()).isEmpty();
      assertThat(trainings).hasValue(0);
    }
  }

  @Test
  void aFailedTrainingIsTriedAgainLater() {
    AtomicInteger attempts = new AtomicInteger();
    try (TrainingScheduler s = new TrainingScheduler(store, () -> {
      if (attempts.incrementAndGet() == 1) {
        throw new TrainerException("first try fails");
      }
      return report;
    }, ArtConfig.builder().enableTraining(true).minTrajectories(1).build(), 0)) {
      add(1);
      try {
        s.checkNow();
      } catch (TrainerException expected) {
        // the background loop logs this
      }
      assertThat(s.checkNow()).contains(report);
    }
  }

  @Test
  void startedSchedulerTrainsInTheBackground() throws Exception {
    CountDownLatch trained = new CountDownLatch(1);
    add(2);
    try (TrainingScheduler s = new TrainingScheduler(store, () -> {
      trained.countDown();
      return report;
    }, ArtConfig.builder().enableTraining(true).minTrajectories(2).trainingInterval(Duration.ofMillis(20)).build(),
        0)) {
      s.start();
      assertThat(trained.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
