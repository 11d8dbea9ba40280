package dev.rustagent.core.command;

/** Input that is not a valid slash command; the message ends with the usage line(s). */
public final class CommandSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  CommandSyntaxException(String message) {
    super(message);
  }
}
