package dev.rustagent.core.command;

/** Carries out a parsed, checked slash command. */
@FunctionalInterface
public interface CommandHandler {

  /**
   * Runs the command. Exceptions are turned into a {@link CommandOutcome.Failed} by
   * {@link SlashCommands#execute}.
   */
  CommandOutcome handle(SlashCommand command) throws Exception;
}
