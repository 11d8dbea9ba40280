package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.export.TrainingDataExporter.ExportFormat;
import dev.rustagent.art.export.TrainingDataExporter.ExportSummary;
import dev.rustagent.art.export.TrainingDataExporter.Specialization;
import dev.rustagent.art.export.TrainingDataExporter;
import dev.rustagent.art.judge.RewardModel.GrpoAdvantages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.train.Trainer.TrainingJob;
import dev.rustagent.art.train.Trainer.TrainingMetric;
import dev.rustagent.art.train.Trainer.TrainerException;
import org.jspecify.annotations.Nullable;
import java.util.Optional;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

/**
 * Trains a model from the store's scored trajectories: writes the dataset (OpenPipe ART groups,
 * filtered by reward and specialisation), runs the {@link Trainer} epoch by epoch, records each
 * epoch's metrics, saves checkpoints, evaluates, stops early when the evaluation stops improving or
 * the step budget is used, and registers the result (promoting it when it beats the champion).
 *
 * <p>A trainer failure ends the run with its {@link TrainerException}; no metric is ever invented.
 */
public final class TrainingPipeline {
  private static final Logger log = LoggerFactory.getLogger(TrainingPipeline.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final TrajectoryStore store;
  private final Trainer trainer;
  private final Path workDirectory;
  private final TrainingConfig config;
  private final double minReward;
  private final Specialization specialization;
  private final ModelRegistry registry;
  private final String modelName;
  private final Evaluator evaluator;
  private final BiConsumer<Integer, TrainingMetric> onMetric;
  private final Clock clock;

  private TrainingPipeline(Builder b) {
    this.store = b.store;
    this.trainer = b.trainer;
    this.workDirectory = b.workDirectory;
    this.config = b.config;
    this.minReward = b.minReward;
    this.specialization = b.specialization;
    this.registry = b.registry;
    this.modelName = b.modelName;
    this.evaluator = b.evaluator;
    this.onMetric = b.onMetric;
    this.clock = b.clock;
  }

  /** Starts a pipeline over a store and a trainer, writing under {@code workDirectory}. */
  public static Builder builder(TrajectoryStore store, Trainer trainer, Path workDirectory) {
    return new Builder(store, trainer, workDirectory);
  }

  /**
   * Runs the training.
   *
   * @throws ArtException when there is nothing to train on
   * @throws TrainerException when the trainer fails
   */
  public TrainingReport run() {
    String runId = modelName + "-" + (specialization == null ? "" : specialization.name().toLowerCase(Locale.ROOT)
        + "-") + STAMP.format(clock.instant());
    Path runDir = workDirectory.resolve(runId);
    List<List<Trajectory>> groups = store.groupsByObjective(1);
    TrainingDataExporter.Builder exporter = TrainingDataExporter.builder().minReward(minReward);
    if (specialization != null) {
      exporter.specialization(specialization);
    }
    ExportSummary dataset = exporter.build().export(groups, ExportFormat.ART, runDir.resolve("dataset.jsonl"),
        n -> {});
    if (dataset.records() == 0) {
      throw new ArtException("no scored trajectories to train on (" + store.count() + " stored, reward threshold "
          + minReward + (specialization == null ? "" : ", specialisation " + specialization) + ")");
    }
    GrpoAdvantages.Result advantages = GrpoAdvantages.compute(groups.stream()
        .map(g -> g.stream().filter(Trajectory::isScored).toList()).filter(g -> !g.isEmpty()).toList());
    log.info("training {} on {} groups ({} trajectories); {} groups have reward spread, {} do not", runId,
        dataset.records(), dataset.trajectories(), advantages.groups().size(), advantages.skipped().size());

    List<TrainingReport.Epoch> epochs = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int stale = 0;
    long steps = 0;
    String stopReason = "completed " + config.epochs() + " epochs";
    boolean early = false;
    Map<String, Double> lastMetrics = Map.of();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      TrainingJob job = new TrainingJob(dataset.file(), config, epoch, runDir.resolve("epoch-" + epoch));
      int e = epoch;
      List<TrainingMetric> metrics = trainer.train(job, m -> onMetric.accept(e, m));
      if (metrics.isEmpty()) {
        throw new TrainerException("the trainer reported no metrics for epoch " + epoch);
      }
      steps += metrics.size();
      Map<String, Double> last = new LinkedHashMap<>();
      metrics.forEach(m -> last.putAll(m.values()));
      lastMetrics = last;
      String checkpoint = null;
      if (epoch % config.checkpointInterval() == 0 && registry != null) {
        checkpoint = runId + "-epoch-" + epoch;
        registry.register(new RegisteredModel(checkpoint, RegisteredModel.Kind.CHECKPOINT, runId, config.modelPath(),
            job.outputDirectory().toAbsolutePath().toString(), null, specializationName(), last, clock.instant()));
      }
      Double evalLoss = null;
      if (epoch % config.evaluationInterval() == 0) {
        evalLoss = evaluator.evaluate(job, metrics);
        if (evalLoss < best) {
          best = evalLoss;
          bestEpoch = epoch;
          stale = 0;
        } else {
          stale++;
        }
      }
      epochs.add(new TrainingReport.Epoch(epoch, metrics.size(), last, evalLoss, checkpoint));
      log.info("epoch {}/{} of {}: {} metric lines, metrics {}, eval loss {}", epoch, config.epochs(), runId,
          metrics.size(), last, evalLoss);
      if (stale >= config.earlyStoppingPatience() && epoch < config.epochs()) {
        stopReason = "no improvement in " + stale + " evaluations (best eval loss " + best + " at epoch "
            + bestEpoch + ")";
        early = true;
        break;
      }
      if (steps >= config.maxSteps() && epoch < config.epochs()) {
        stopReason = "reached max steps " + config.maxSteps();
        early = true;
        break;
      }
    }
    RegisteredModel model = null;
    if (registry != null) {
      Map<String, Double> metrics = new LinkedHashMap<>(lastMetrics);
      if (bestEpoch > 0) {
        metrics.put("eval_loss", best);
        metrics.put("best_epoch", (double) bestEpoch);
      }
      int outputEpoch = bestEpoch > 0 ? bestEpoch : epochs.size();
      model = new RegisteredModel(runId, RegisteredModel.Kind.MODEL, null, config.modelPath(),
          runDir.resolve("epoch-" + outputEpoch).toAbsolutePath().toString(), null, specializationName(), metrics,
          clock.instant());
      registry.register(model);
      Double challenger = metrics.get("eval_loss");
      Double incumbent = registry.champion().map(c -> c.metrics().get("eval_loss")).orElse(null);
      if (registry.champion().isEmpty() || (challenger != null && (incumbent == null || challenger < incumbent))) {
        registry.promote(model.id());
        log.info("{} is the new champion (eval loss {} against {})", model.id(), challenger, incumbent);
      }
    }
    return new TrainingReport(dataset, advantages.groups().size(), advantages.skipped().size(), epochs, early,
        stopReason, model);
  }

  private String specializationName() {
    return specialization == null ? null : specialization.name().toLowerCase(Locale.ROOT);
  }

  /** Builds a {@link TrainingPipeline}. */
  public static final class Builder {
    private final TrajectoryStore store;
    private final Trainer trainer;
    private final Path workDirectory;
    private TrainingConfig config = TrainingConfig.builder().build();
    private double minReward;
    private Specialization specialization;
    private ModelRegistry registry;
    private String modelName = "art-model";
    private Evaluator evaluator = Evaluator.reportedLoss();
    private BiConsumer<Integer, TrainingMetric> onMetric = (e, m) -> {};
    private Clock clock = Clock.systemUTC();

    private Builder(TrajectoryStore store, Trainer trainer, Path workDirectory) {
      this.store = requireNonNull(store, "store");
      this.trainer = requireNonNull(trainer, "trainer");
      this.workDirectory = requireNonNull(workDirectory, "workDirectory");
    }

    /** The training settings. */
    public Builder config(TrainingConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** Applies {@code [art] reward_threshold_for_learning} as the {@linkplain #minReward training data's reward threshold}. */
    public Builder artConfig(dev.rustagent.art.ArtConfig config) {
      return minReward(requireNonNull(config, "config").rewardThreshold());
    }

    /** Objective groups need a trajectory with at least this reward to be trained on; 0..1, default 0. */
    public Builder minReward(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("reward threshold must be within 0..1: " + threshold);
      }
      this.minReward = threshold;
      return this;
    }

    /** Trains on one specialisation only. */
    public Builder specialization(Specialization specialization) {
      this.specialization = requireNonNull(specialization, "specialization");
      return this;
    }

    /** Registers checkpoints and the trained model here. */
    public Builder registry(ModelRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** The prefix of the trained model's id; default {@code art-model}. */
    public Builder modelName(String name) {
      requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException("model name must be 1-100 of [A-Za-z0-9._-]: " + name);
      }
      this.modelName = name;
      return this;
    }

    /** How each epoch is evaluated; default {@link Evaluator#reportedLoss()}. */
    public Builder evaluator(Evaluator evaluator) {
      this.evaluator = requireNonNull(evaluator, "evaluator");
      return this;
    }

    /** Receives each metric with its epoch, for progress display. */
    public Builder onMetric(BiConsumer<Integer, TrainingMetric> listener) {
      this.onMetric = requireNonNull(listener, "listener");
      return this;
    }

    /** The clock naming runs and stamping models. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the pipeline. */
    public TrainingPipeline build() {
      return new TrainingPipeline(this);
    }
  }

  /** Evaluates the model after an epoch; the result is a loss, lower is better. */
  @FunctionalInterface
  public interface Evaluator {

    /**
     * @param job the epoch just trained
     * @param metrics the metrics the trainer reported for it
     * @return the evaluation loss
     * @throws TrainerException when the model cannot be evaluated
     */
    double evaluate(TrainingJob job, List<TrainingMetric> metrics);

    /**
     * The default: the trainer's last {@code eval_loss}, or its last {@code loss} when it reports no
     * evaluation loss.
     */
    static Evaluator reportedLoss() {
      return (job, metrics) -> {
        for (String name : List.of("eval_loss", "loss")) {
          for (int i = metrics.size() - 1; i >= 0; i--) {
            Double v = metrics.get(i).values().get(name);
            if (v != null) {
              return v;
            }
          }
        }
        throw new TrainerException("epoch " + job.epoch() + " reported neither eval_loss nor loss; print one of them "
            + "or give the pipeline an evaluator");
      };
    }
  }

  /**
   * What a {@link TrainingPipeline} run did.
   *
   * @param dataset the dataset written
   * @param groupsWithAdvantage objective groups whose rewards differ (the ones GRPO learns from)
   * @param groupsSkipped objective groups without spread in rewards or with a single scored trajectory
   * @param epochs per-epoch results, in order
   * @param stoppedEarly whether training stopped before the last epoch
   * @param stopReason why training stopped
   * @param model the model registered, when a registry was given
   */
  public record TrainingReport(ExportSummary dataset, int groupsWithAdvantage, int groupsSkipped, List<Epoch> epochs,
      boolean stoppedEarly, String stopReason, RegisteredModel model) {

    public TrainingReport {
      epochs = List.copyOf(epochs);
    }

    /** The registered model. */
    public Optional<RegisteredModel> registered() {
      return Optional.ofNullable(model);
    }

    /**
     * One epoch.
     *
     * @param epoch the epoch, from 1
     * @param steps metrics lines reported
     * @param metrics the last value of each metric
     * @param evalLoss the evaluation's loss (lower is better), or null when not evaluated this epoch
     * @param checkpoint the checkpoint saved, or null
     */
    public record Epoch(int epoch, int steps, Map<String, Double> metrics, @Nullable Double evalLoss, @Nullable String checkpoint) {
      public Epoch {
        metrics = Map.copyOf(metrics);
      }
    }
  }

  /**
   * Settings of a training run, handed to the {@link Trainer} (an external command receives them as a
   * JSON file).
   *
   * @param groupsPerStep trajectory groups per optimiser step
   * @param epochs passes over the dataset
   * @param rolloutsPerGroup trajectories per group when new rollouts are collected
   * @param learningRate the optimiser's learning rate
   * @param maxSteps the most optimiser steps over the whole run
   * @param batchSize examples per batch
   * @param modelPath the base model: a local path or a model name the trainer understands
   * @param checkpointInterval save a checkpoint every this many epochs
   * @param evaluationInterval evaluate every this many epochs
   * @param earlyStoppingPatience stop after this many evaluations without improvement
   */
  public record TrainingConfig(int groupsPerStep, int epochs, int rolloutsPerGroup, double learningRate, int maxSteps,
      int batchSize, String modelPath, int checkpointInterval, int evaluationInterval, int earlyStoppingPatience) {

    public TrainingConfig {
      atLeastOne(groupsPerStep, "groups per step");
      atLeastOne(epochs, "epochs");
      atLeastOne(rolloutsPerGroup, "rollouts per group");
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learning rate must be a positive number: " + learningRate);
      }
      atLeastOne(maxSteps, "max steps");
      atLeastOne(batchSize, "batch size");
      requireNonNull(modelPath, "modelPath");
      atLeastOne(checkpointInterval, "checkpoint interval");
      atLeastOne(evaluationInterval, "evaluation interval");
      atLeastOne(earlyStoppingPatience, "early stopping patience");
    }

    /** Starts from the defaults: 1 group a step, 3 epochs, 4 rollouts, 1e-5, 1000 steps, batch 8, every epoch, patience 2. */
    public static Builder builder() {
      return new Builder();
    }

    private static int atLeastOne(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + value);
      }
      return value;
    }

    /** Builds a {@link TrainingConfig}; each setter checks its argument at once. */
    public static final class Builder {
      private int groupsPerStep = 1;
      private int epochs = 3;
      private int rolloutsPerGroup = 4;
      private double learningRate = 1e-5;
      private int maxSteps = 1000;
      private int batchSize = 8;
      private String modelPath = "";
      private int checkpointInterval = 1;
      private int evaluationInterval = 1;
      private int earlyStoppingPatience = 2;

      private Builder() {}

      /** Groups per optimiser step; at least 1. */
      public Builder groupsPerStep(int n) {
        this.groupsPerStep = atLeastOne(n, "groups per step");
        return this;
      }

      /** Passes over the dataset; at least 1. */
      public Builder epochs(int n) {
        this.epochs = atLeastOne(n, "epochs");
        return this;
      }

      /** Trajectories per group; at least 1. */
      public Builder rolloutsPerGroup(int n) {
        this.rolloutsPerGroup = atLeastOne(n, "rollouts per group");
        return this;
      }

      /** The learning rate; positive. */
      public Builder learningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException("learning rate must be a positive number: " + rate);
        }
        this.learningRate = rate;
        return this;
      }

      /** The most optimiser steps; at least 1. */
      public Builder maxSteps(int n) {
        this.maxSteps = atLeastOne(n, "max steps");
        return this;
      }

      /** Examples per batch; at least 1. */
      public Builder batchSize(int n) {
        this.batchSize = atLeastOne(n, "batch size");
        return this;
      }

      /** The base model path or name. */
      public Builder modelPath(String path) {
        this.modelPath = requireNonNull(path, "path");
        return this;
      }

      /** Checkpoint every n epochs; at least 1. */
      public Builder checkpointInterval(int n) {
        this.checkpointInterval = atLeastOne(n, "checkpoint interval");
        return this;
      }

      /** Evaluate every n epochs; at least 1. */
      public Builder evaluationInterval(int n) {
        this.evaluationInterval = atLeastOne(n, "evaluation interval");
        return this;
      }

      /** Evaluations without improvement before stopping; at least 1. */
      public Builder earlyStoppingPatience(int n) {
        this.earlyStoppingPatience = atLeastOne(n, "early stopping patience");
        return this;
      }

      /** Builds the configuration. */
      public TrainingConfig build() {
        return new TrainingConfig(groupsPerStep, epochs, rolloutsPerGroup, learningRate, maxSteps, batchSize, modelPath,
            checkpointInterval, evaluationInterval, earlyStoppingPatience);
      }
    }
  }
}
