package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.export.TrainingDataExporter.Specialization;
import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.train.ModelRegistry;
import java.nio.file.Path;
import dev.rustagent.art.train.Trainer.TrainerException;
import dev.rustagent.art.train.TrainingPipeline.TrainingConfig;
import dev.rustagent.art.train.TrainingPipeline;
import dev.rustagent.art.train.TrainingPipeline.TrainingReport;
import dev.rustagent.core.internal.CommandWords;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rust-agent art train --command "..."}: trains a model on the scored trajectories. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on the scored trajectories with your training command.")
class ArtTrainCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Option(names = "--command", paramLabel = "CMD",
      description = "The training command (default: [art] training_command of --config); {dataset}, {config}, {epoch}"
          + " and {output} are replaced. It prints metrics as JSON lines such as {\"step\":1,\"loss\":0.42}.")
  String command;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A TOML config whose [art] sections apply: training_command, [art.models] checkpoints_path (where"
          + " runs and checkpoints go) and base_models_path (where a relative --model-path is found).")
  Path configFile;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "1e-5", description = "Learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--max-steps", paramLabel = "N", defaultValue = "1000", description = "Most optimiser steps (default ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--model-path", paramLabel = "PATH", defaultValue = "",
      description = "The base model path or name; a relative path is looked up under [art.models] base_models_path when set.")
  String modelPath;

  @Option(names = "--min-reward", paramLabel = "R", defaultValue = "0.5",
      description = "Objective groups need a trajectory with at least this reward (default ${DEFAULT-VALUE}).")
  double minReward;

  @Option(names = "--patience", paramLabel = "N", defaultValue = "2", description = "Early-stopping patience (default ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT6H",
      description = "Longest time for one epoch, ISO-8601 (default ${DEFAULT-VALUE}).")
  String timeout;

  /** The specialisation to train, or null for all trajectories. */
  Specialization specialization() {
    return null;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ArtConfig artConfig = data.config(spec, configFile);
    if (command == null) {
      command = artConfig.trainingCommand();
    }
    List<String> argv;
    try {
      argv = CommandWords.split(command);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--command: " + e.getMessage());
    }
    if (argv.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "a training command is needed: --command CMD, or [art]"
          + " training_command in the --config file");
    }
    OptionRanges.within(spec, "--min-reward", minReward, 0, 1);
    OptionRanges.within(spec, "--epochs", epochs, 1, 1000);
    OptionRanges.within(spec, "--max-steps", maxSteps, 1, 10_000_000);
    OptionRanges.within(spec, "--patience", patience, 1, 1000);
    OptionRanges.within(spec, "--learning-rate", learningRate, 1e-12, 1);
    Duration limit = OptionRanges.duration(spec, "--timeout", timeout);
    TrainingConfig.Builder config;
    try {
      config = TrainingConfig.builder().epochs(epochs).learningRate(learningRate).maxSteps(maxSteps)
          .modelPath(modelPath).earlyStoppingPatience(patience);
      config.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (TrajectoryStore store = data.store(); ModelRegistry registry = data.registry()) {
      TrainingPipeline.Builder pipeline = ArtTraining.pipeline(store, registry, argv, limit, artConfig, data.dir(), config)
          .minReward(minReward);
      ProgressBar bar = ProgressBar.onStderr(err, "steps", maxSteps);
      int[] steps = {0};
      pipeline
          .onMetric((epoch, metric) -> bar.update(++steps[0], "epoch " + epoch + "/" + epochs
              + metric.value("loss").map(l -> String.format(" loss %.4f", l)).orElse("")));
      if (specialization() != null) {
        pipeline.specialization(specialization()).modelName("art-" + specialization().name().toLowerCase(
            java.util.Locale.ROOT).replace('_', '-'));
      }
      TrainingReport report = pipeline.build().run();
      bar.finish();
      out.printf("dataset: %s (%d groups, %d trajectories)%n", report.dataset().file(), report.dataset().records(),
          report.dataset().trajectories());
      for (TrainingReport.Epoch e : report.epochs()) {
        out.printf("epoch %d: %d steps, metrics %s%s%n", e.epoch(), e.steps(), TerminalText.safe(String.valueOf(e.metrics())),
            e.evalLoss() == null ? "" : String.format(", eval loss %.4f", e.evalLoss()));
      }
      out.println("stopped: " + TerminalText.safe(String.valueOf(report.stopReason())));
      report.registered().ifPresent(m -> out.println("registered model " + m.id() + " at " + m.location()));
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    } catch (TrainerException | ArtException e) {
      err.println();
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }
}
