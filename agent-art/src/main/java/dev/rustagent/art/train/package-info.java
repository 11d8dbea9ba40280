/**
 * Training outside the JVM: {@link dev.rustagent.art.train.TrainingPipeline} builds a dataset from
 * scored trajectories and drives a {@link dev.rustagent.art.train.Trainer} (typically
 * {@link dev.rustagent.art.train.Trainer.ExternalCommandTrainer}, the user's training script in any language)
 * epoch by epoch with checkpoints, evaluation and early stopping; the
 * {@link dev.rustagent.art.train.ModelRegistry} keeps the resulting models, checkpoints and the
 * champion, and serves a registered OpenAI-compatible endpoint as a chat model.
 */
@NullMarked
package dev.rustagent.art.train;

import org.jspecify.annotations.NullMarked;
