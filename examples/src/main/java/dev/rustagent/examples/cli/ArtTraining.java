package dev.rustagent.examples.cli;

import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.internal.ArtJson;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.Trainer.ExternalCommandTrainer;
import dev.rustagent.art.train.TrainingPipeline;
import dev.rustagent.art.train.TrainingPipeline.TrainingConfig;
import dev.rustagent.art.train.TrainingPipeline.TrainingReport;
import dev.rustagent.art.train.TrainingScheduler;
import dev.rustagent.core.internal.CommandWords;
import dev.rustagent.core.internal.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where training runs go and what they start from, as {@code [art.models]} says, for {@code art train}
 * and the background training of {@code chat} and {@code serve}: runs (dataset, per-epoch checkpoints)
 * are written under {@code checkpoints_path} (default {@code training/} in the ART data directory), and
 * a base model named by a relative path is looked up under {@code base_models_path}.
 */
final class ArtTraining {
  /** The store's count at the last background training, kept beside the checkpoints. */
  private static final String LAST_COUNT = "last-training-count";

  private ArtTraining() {}

  /**
   * The directory training runs write to: {@code [art.models] checkpoints_path}, else
   * {@code training/} in {@code artDir}; created when missing.
   *
   * @throws ArtException when it cannot be created or written (naming the key when it is configured)
   */
  static Path checkpoints(ArtConfig config, Path artDir) {
    Path configured = config.models().checkpointsPath();
    Path dir = configured != null ? configured : artDir.resolve("training");
    String what = configured != null ? "[art.models] checkpoints_path " + dir : "the training directory " + dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ArtException("cannot use " + what + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new ArtException("cannot use " + what + ": it is not writable");
    }
    return dir;
  }

  /**
   * The base model to train from: {@code modelPath} as given, or, when it is a relative path and
   * {@code [art.models] base_models_path} is set, that path under it (which must exist).
   *
   * @throws ArtException when base_models_path or the model under it does not exist
   */
  static String baseModel(ArtConfig config, String modelPath) {
    Path base = config.models().baseModelsPath();
    if (base == null || modelPath.isBlank() || Path.of(modelPath).isAbsolute()) {
      return modelPath;
    }
    if (!Files.isDirectory(base)) {
      throw new ArtException("[art.models] base_models_path " + base + " is not a directory; set it to where your"
          + " base models are, or give --model-path as an absolute path");
    }
    Path model = base.resolve(modelPath).normalize();
    if (!model.startsWith(base.normalize()) || !Files.exists(model)) {
      throw new ArtException("base model '" + modelPath + "' is not in [art.models] base_models_path " + base
          + " (looked for " + model + ")");
    }
    return model.toAbsolutePath().toString();
  }

  /**
   * A pipeline over {@code store} that runs {@code command} (words with the trainer's placeholders),
   * writes under {@link #checkpoints}, starts from {@link #baseModel} and registers into {@code registry}.
   */
  static TrainingPipeline.Builder pipeline(TrajectoryStore store, ModelRegistry registry, List<String> command,
      Duration epochTimeout, ArtConfig config, Path artDir, TrainingConfig.Builder training) {
    TrainingConfig settings = training.modelPath(baseModel(config, training.build().modelPath())).build();
    return TrainingPipeline.builder(store, ExternalCommandTrainer.builder(command).timeout(epochTimeout).build(),
        checkpoints(config, artDir)).config(settings).registry(registry);
  }

  /**
   * Starts training in the background when {@code [art] enable_training} is on: every
   * {@code training_interval}, when {@code min_trajectories_for_training} new trajectories exist, the
   * {@code [art] training_command} runs as {@code art train} would (reward threshold
   * {@code reward_threshold_for_learning}). Each training, its result or its failure is a line on
   * {@code out}; a failure is tried again at the next check and never ends the command. With training on
   * but no training command, says so once on {@code out} and starts nothing.
   *
   * @return the scheduler (close it on exit), or null when none was started
   */
  static TrainingScheduler startInBackground(TrajectoryStore store, ArtConfig config, Path artDir, String dataUrl,
      PrintWriter out) {
    if (!config.enableTraining()) {
      return null;
    }
    if (config.trainingCommand().isEmpty()) {
      say(out, "warning: [art] enable_training is true, but no training command is configured"
          + " ([art] training_command = \"python3 train.py {dataset} {config} {output}\"); background training is off");
      return null;
    }
    Path work;
    try {
      work = checkpoints(config, artDir);
    } catch (ArtException e) {
      say(out, "warning: background training is off: " + TerminalText.safe(e.getMessage()));
      return null;
    }
    List<String> command = CommandWords.split(config.trainingCommand());
    long last = lastCount(work);
    long[] since = {last};
    TrainingScheduler scheduler = new TrainingScheduler(store, () -> {
      long count = store.count();
      say(out, "[art] background training: " + (count - since[0]) + " new trajectories, running "
          + TerminalText.safe(config.trainingCommand()));
      try (ModelRegistry registry = ArtData.registry(artDir, dataUrl)) {
        TrainingReport report = pipeline(store, registry, command, Duration.ofHours(6), config, artDir,
            TrainingConfig.builder()).artConfig(config).build().run();
        saveCount(work, count);
        since[0] = count;
        say(out, "[art] background training done: " + TerminalText.safe(String.valueOf(report.stopReason()))
            + report.registered().map(m -> "; registered model " + m.id() + " at " + m.location()).orElse(""));
        return report;
      } catch (RuntimeException e) {
        say(out, "[art] background training failed: " + TerminalText.safe(String.valueOf(e.getMessage()))
            + " (this session goes on; next try in " + config.trainingInterval() + ")");
        throw e;
      }
    }, config, last);
    scheduler.start();
    say(out, "[art] background training on: every " + config.trainingInterval() + " when "
        + config.minTrajectories() + " new trajectories are recorded (" + Math.max(0, store.count() - last)
        + " so far); runs go to " + work);
    return scheduler;
  }

  private static long lastCount(Path work) {
    try {
      Path file = work.resolve(LAST_COUNT);
      return Files.exists(file) ? Math.max(0, Long.parseLong(Files.readString(file).strip())) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void saveCount(Path work, long count) {
    try {
      ArtJson.writeAtomically(work.resolve(LAST_COUNT), Long.toString(count));
    } catch (java.io.UncheckedIOException e) {
      // the next process counts every trajectory as new again: harmless, it only trains sooner
    }
  }

  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
