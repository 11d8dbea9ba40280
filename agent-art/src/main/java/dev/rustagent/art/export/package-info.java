/**
 * Training data from scored trajectories: OpenPipe ART groups, chat SFT and preference pairs, all as
 * JSONL, filtered by reward and by {@link dev.rustagent.art.export.TrainingDataExporter.Specialization}.
 */
@NullMarked
package dev.rustagent.art.export;

import org.jspecify.annotations.NullMarked;
