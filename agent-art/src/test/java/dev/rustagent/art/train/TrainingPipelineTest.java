package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.export.TrainingDataExporter.Specialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.train.Trainer.TrainingMetric;
import dev.rustagent.art.train.Trainer.TrainerException;
import dev.rustagent.art.train.Trainer.ExternalCommandTrainer;
import dev.rustagent.art.train.TrainingPipeline.TrainingReport;
import dev.rustagent.art.train.TrainingPipeline.TrainingConfig;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

class TrainingPipelineTest {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir
  Path dir;

  private final TrajectoryStore store = TrajectoryStore.inMemory();

  @AfterEach
  void close() {
    store.close();
  }

  static Trajectory t(String id, String objective, Double reward) {
    return new Trajectory(id, null, "agent", objective, reward != null && reward > 0.5, "done",
        List.of(new TrajectoryStep(0, objective, "", new StepAction.Answer("done " + id), null, false, null, null,
            Map.of(), T0, Duration.ZERO)),
        List.of(TrajectoryMessage.user(objective), TrajectoryMessage.assistant("done " + id, List.of())), List.of(),
        null, null, reward, null, T0, T0);
  }

  /** A trainer script whose loss per epoch comes from the given list. */
  private ExternalCommandTrainer trainer(String... lossPerEpoch) throws Exception {
    Path script = dir.resolve("train.sh");
    Files.writeString(script, """
        #!/usr/bin/env bash
        set -e
        losses=(%s)
        loss=${losses[$((ART_EPOCH - 1))]}
        test -s "$ART_DATASET"
        echo '{"step":1,"loss":0.9}'
        echo "{\\"step\\":2,\\"loss\\":$loss}"
        mkdir -p "$ART_OUTPUT" && echo weights > "$ART_OUTPUT/adapter.bin"
        """.formatted(String.join(" ", lossPerEpoch)));
    return ExternalCommandTrainer.builder(List.of("bash", script.toString())).timeout(Duration.ofSeconds(30)).build();
  }

  private void saveGroups() {
    store.save(t("a", "fix the build", 0.9));
    store.save(t("b", "fix the build", 0.2));
    store.save(t("c", "explain the error", 0.5));
    store.save(t("d", "explain the error", 0.5));
  }

  @Test
  void trainsEachEpochAndRecordsItsMetricsCheckpointsAndTheModel() throws Exception {
    saveGroups();
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    TrainingReport report = TrainingPipeline.builder(store, trainer("0.5", "0.4", "0.3"), dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(3).modelPath("qwen-0.5b").build()).registry(registry).build().run();

    assertThat(report.epochs()).extracting(TrainingReport.Epoch::evalLoss).containsExactly(0.5, 0.4, 0.3);
    assertThat(report.epochs()).extracting(TrainingReport.Epoch::steps).containsOnly(2);
    assertThat(report.stoppedEarly()).isFalse();
    assertThat(report.dataset().records()).isEqualTo(2);
    assertThat(report.groupsWithAdvantage()).isEqualTo(1);
    assertThat(report.groupsSkipped()).isEqualTo(1);
    RegisteredModel model = report.registered().orElseThrow();
    assertThat(model.metrics()).containsEntry("eval_loss", 0.3);
    assertThat(model.baseModel()).isEqualTo("qwen-0.5b");
    assertThat(Path.of(model.location()).resolve("adapter.bin")).exists();
    assertThat(registry.checkpoints(model.id())).hasSize(3);
    assertThat(registry.champion()).contains(model);
  }

  @Test
  void stopsEarlyWhenTheEvaluationStopsImproving() throws Exception {
    saveGroups();
    TrainingReport report = TrainingPipeline.builder(store, trainer("0.5", "0.4", "0.45", "0.46", "0.2"),
            dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(5).earlyStoppingPatience(2).build()).build().run();
    assertThat(report.epochs()).hasSize(4);
    assertThat(report.stoppedEarly()).isTrue();
    assertThat(report.stopReason()).contains("no improvement", "epoch 2");
  }

  @Test
  void stopsAtTheStepBudget() throws Exception {
    saveGroups();
    TrainingReport report = TrainingPipeline.builder(store, trainer("0.5", "0.4", "0.3"), dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(3).maxSteps(3).build()).build().run();
    assertThat(report.epochs()).hasSize(2);
    assertThat(report.stopReason()).contains("max steps");
  }

  @Test
  void checkpointsAndEvaluationsFollowTheirIntervals() throws Exception {
    saveGroups();
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    TrainingReport report = TrainingPipeline.builder(store, trainer("0.5", "0.4", "0.3", "0.2"), dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(4).checkpointInterval(2).evaluationInterval(2).build())
        .registry(registry).build().run();
    assertThat(report.epochs()).extracting(TrainingReport.Epoch::evalLoss).containsExactly(null, 0.4, null, 0.2);
    assertThat(registry.checkpoints(report.model().id())).hasSize(2);
  }

  @Test
  void aWorseModelDoesNotReplaceTheChampion() throws Exception {
    saveGroups();
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    registry.register(new RegisteredModel("incumbent", RegisteredModel.Kind.MODEL, null, "b", "/m", null, null,
        Map.of("eval_loss", 0.1), T0));
    registry.promote("incumbent");
    TrainingPipeline.builder(store, trainer("0.5"), dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(1).build()).registry(registry).build().run();
    assertThat(registry.champion().orElseThrow().id()).isEqualTo("incumbent");
    assertThat(registry.models()).hasSize(2);
  }

  @Test
  void metricsWithoutALossCannotBeEvaluatedAndAreAnError() {
    saveGroups();
    Trainer noLoss = (job, listener) -> java.util.List.of(new TrainingMetric(1, Map.of("reward", 0.5)));
    TrainingPipeline pipeline = TrainingPipeline.builder(store, noLoss, dir.resolve("work")).build();
    assertThatThrownBy(pipeline::run).isInstanceOf(TrainerException.class)
        .hasMessageContaining("neither eval_loss nor loss");
  }

  @Test
  void aCustomEvaluatorDecidesEarlyStopping() throws Exception {
    saveGroups();
    double[] losses = {0.9, 0.8, 0.85, 0.86};
    TrainingReport report = TrainingPipeline.builder(store, trainer("0.1", "0.1", "0.1", "0.1"), dir.resolve("work"))
        .config(TrainingConfig.builder().epochs(4).earlyStoppingPatience(1).build())
        .evaluator((job, metrics) -> losses[job.epoch() - 1]).build().run();
    assertThat(report.epochs()).extracting(TrainingReport.Epoch::evalLoss).containsExactly(0.9, 0.8, 0.85);
    assertThat(report.stoppedEarly()).isTrue();
  }

  @Test
  void nothingToTrainOnIsAnError() throws Exception {
    store.save(t("u", "unscored", null));
    TrainingPipeline pipeline = TrainingPipeline.builder(store, trainer("0.5"), dir.resolve("work")).build();
    assertThatThrownBy(pipeline::run).isInstanceOf(ArtException.class).hasMessageContaining("no scored trajectories");
  }

  @Test
  void aSpecialisationWithoutDataIsAnError() throws Exception {
    saveGroups();
    TrainingPipeline pipeline = TrainingPipeline.builder(store, trainer("0.5"), dir.resolve("work"))
        .specialization(Specialization.PLANNING).build();
    assertThatThrownBy(pipeline::run).isInstanceOf(ArtException.class).hasMessageContaining("PLANNING");
  }

  @Test
  void aFailingTrainerEndsTheRunWithItsError() {
    saveGroups();
    Trainer failing = (job, listener) -> {
      throw new TrainerException("GPU on fire");
    };
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    TrainingPipeline pipeline = TrainingPipeline.builder(store, failing, dir.resolve("work")).registry(registry)
        .build();
    assertThatThrownBy(pipeline::run).isInstanceOf(TrainerException.class).hasMessageContaining("GPU on fire");
    assertThat(registry.models()).isEmpty();
  }
}
