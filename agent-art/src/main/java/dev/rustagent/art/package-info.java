/**
 * Agent Reinforcement Training: every run of an agent becomes a {@link dev.rustagent.art.Trajectory}
 * (captured by {@link dev.rustagent.art.TrajectoryTracker}, kept in a
 * {@link dev.rustagent.art.TrajectoryStore}); trajectories are scored, their successful patterns
 * guide later runs, and the scored data trains a model outside the JVM.
 */
@NullMarked
package dev.rustagent.art;

import org.jspecify.annotations.NullMarked;
