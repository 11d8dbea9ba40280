/**
 * Scoring trajectories: an LLM {@link dev.rustagent.art.judge.PerformanceJudge} for single runs, the
 * {@link dev.rustagent.art.judge.RulerJudge} that scores a group of runs of the same objective
 * relative to one another, a composite {@link dev.rustagent.art.judge.RewardModel} without an LLM, and
 * GRPO advantages per group. Judges never invent a score: an answer they cannot validate is an error.
 */
@NullMarked
package dev.rustagent.art.judge;

import org.jspecify.annotations.NullMarked;
