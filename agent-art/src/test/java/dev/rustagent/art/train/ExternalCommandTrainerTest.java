package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.train.Trainer.TrainingJob;
import dev.rustagent.art.train.Trainer.TrainingMetric;
import dev.rustagent.art.train.Trainer.TrainerException;
import dev.rustagent.art.train.Trainer.ExternalCommandTrainer;
import dev.rustagent.art.train.TrainingPipeline.TrainingConfig;

class ExternalCommandTrainerTest {
  @TempDir
  Path dir;

  private Path script(String body) throws Exception {
    Path script = dir.resolve("train-" + System.nanoTime() + ".sh");
    Files.writeString(script, "#!/usr/bin/env bash\nset -e\n" + body);
    return script;
  }

  private TrainingJob job() throws Exception {
    Path dataset = dir.resolve("dataset.jsonl");
    Files.writeString(dataset, "{\"trajectories\":[]}\n");
    return new TrainingJob(dataset, TrainingConfig.builder().learningRate(3e-5).build(), 2, dir.resolve("out"));
  }

  private static ExternalCommandTrainer bash(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    return ExternalCommandTrainer.builder(command).timeout(Duration.ofSeconds(30)).build();
  }

  @Test
  void readsTheMetricsTheCommandPrintsAsJsonLines() throws Exception {
    Path script = script("""
        echo "loading dataset $1"
        echo '{"step":1,"loss":0.42}'
        echo 'not json {'
        echo '{"step":2,"loss":0.31,"reward":0.7,"note":"text is ignored"}'
        echo '{"message":"no step, not a metric"}'
        """);
    List<TrainingMetric> seen = new ArrayList<>();
    List<TrainingMetric> metrics = bash(script, "{dataset}").train(job(), seen::add);

    assertThat(metrics).extracting(TrainingMetric::step).containsExactly(1L, 2L);
    assertThat(metrics.get(0).value("loss")).contains(0.42);
    assertThat(metrics.get(1).values()).containsOnlyKeys("loss", "reward");
    assertThat(seen).isEqualTo(metrics);
  }

  @Test
  void passesDatasetConfigEpochAndOutputAsArgumentsAndEnvironment() throws Exception {
    Path script = script("""
        test -f "$1"
        test "$ART_DATASET" = "$1"
        grep -q '"learningRate":3.0E-5' "$2"
        grep -q '"epoch":2' "$ART_CONFIG"
        test "$3" = "2"
        test -d "$ART_OUTPUT"
        echo '{"step":1,"loss":1.0}'
        """);
    List<TrainingMetric> metrics = bash(script, "{dataset}", "{config}", "{epoch}", "{output}").train(job(), m -> {});
    assertThat(metrics).hasSize(1);
  }

  @Test
  void runsAPythonTrainer() throws Exception {
    Path script = dir.resolve("train.py");
    Files.writeString(script, """
        import json, os, sys
        lines = open(os.environ["ART_DATASET"]).read().splitlines()
        for step in range(1, 4):
            print(json.dumps({"step": step, "loss": 1.0 / step, "groups": len(lines)}), flush=True)
        """);
    List<TrainingMetric> metrics = ExternalCommandTrainer.builder(List.of("python3", script.toString())).build()
        .train(job(), m -> {});
    assertThat(metrics).extracting(m -> m.value("loss").orElseThrow()).containsExactly(1.0, 0.5, 1.0 / 3);
    assertThat(metrics.get(0).value("groups")).contains(1.0);
  }

  @Test
  void aCommandThatExitsNonZeroIsAnErrorWithItsOutput() throws Exception {
    Path script = script("""
        echo '{"step":1,"loss":0.5}'
        echo "CUDA out of memory" >&2
        exit 3
        """);
    assertThatThrownBy(() -> bash(script).train(job(), m -> {}))
        .isInstanceOf(TrainerException.class)
        .hasMessageContaining("exited with code 3").hasMessageContaining("CUDA out of memory");
  }

  @Test
  void aCommandThatHangsPastTheTimeoutIsStoppedAndAnError() throws Exception {
    Path script = script("""
        echo '{"step":1,"loss":0.5}'
        sleep 60
        """);
    ExternalCommandTrainer trainer = ExternalCommandTrainer.builder(List.of("bash", script.toString()))
        .timeout(Duration.ofMillis(500)).build();
    assertThatThrownBy(() -> trainer.train(job(), m -> {}))
        .isInstanceOf(TrainerException.class).hasMessageContaining("did not finish within");
  }

  @Test
  void aCommandThatPrintsNoMetricsIsAnErrorNotADefaultLoss() throws Exception {
    Path script = script("echo 'training done, loss was low'\n");
    assertThatThrownBy(() -> bash(script).train(job(), m -> {}))
        .isInstanceOf(TrainerException.class).hasMessageContaining("printed no metrics")
        .hasMessageContaining("training done, loss was low");
  }

  @Test
  void aMissingProgramIsAnError() throws Exception {
    ExternalCommandTrainer trainer = ExternalCommandTrainer.builder(List.of(dir.resolve("nope").toString())).build();
    assertThatThrownBy(() -> trainer.train(job(), m -> {}))
        .isInstanceOf(TrainerException.class).hasMessageContaining("cannot start");
  }

  @Test
  void anEmptyCommandIsRejected() {
    assertThatThrownBy(() -> ExternalCommandTrainer.builder(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
