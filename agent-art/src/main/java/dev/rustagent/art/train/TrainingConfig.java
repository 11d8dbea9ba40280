package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

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
