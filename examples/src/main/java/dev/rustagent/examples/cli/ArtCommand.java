package dev.rustagent.examples.cli;

import picocli.CommandLine.Command;

/**
 * {@code rust-agent art}: Agent Reinforcement Training. Runs become trajectories, trajectories are
 * scored, successful patterns guide later runs, and the scored data trains a model outside the JVM.
 */
@Command(name = "art", mixinStandardHelpOptions = true,
    description = "Agent Reinforcement Training: record, score, learn from and train on agent runs.",
    subcommands = {ArtInitCommand.class, ArtRunCommand.class, ArtStatsCommand.class, ArtTrainCommand.class,
        ArtSpecializeCommand.class, ArtExportCommand.class, ArtFeedbackCommand.class, ArtScoreCommand.class,
        ArtEvalCommand.class, ArtRestoreCommand.class})
final class ArtCommand {
}
