/**
 * The learning loop's memory: {@link dev.rustagent.art.patterns.SuccessPatternDatabase.SuccessPattern}s extracted from
 * well-rewarded trajectories, found again by similarity to a new objective through a
 * {@link dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex}, and fed into later runs as lessons by
 * {@link dev.rustagent.art.patterns.SuccessPatternDatabase} (an agent-core {@code ContextProvider}).
 */
@NullMarked
package dev.rustagent.art.patterns;

import org.jspecify.annotations.NullMarked;
