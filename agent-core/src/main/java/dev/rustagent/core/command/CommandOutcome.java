package dev.rustagent.core.command;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

/** What running a line of user input as a slash command gave. */
public sealed interface CommandOutcome {

  /** The text to show the user. */
  String text();

  /**
   * The input was not a valid command (unknown name, bad arguments, unbalanced quotes); nothing ran.
   *
   * @param text what is wrong, followed by the usage line(s)
   */
  record Usage(String text) implements CommandOutcome {
    public Usage {
      requireNonNull(text, "text");
    }
  }

  /** The command ran. {@code result} is the workflow or agent result, or {@code null}. */
  record Completed(String text, @Nullable Object result) implements CommandOutcome {
    public Completed {
      requireNonNull(text, "text");
    }
  }

  /** The command ran and failed; {@code text} says why. */
  record Failed(String text, Throwable cause) implements CommandOutcome {
    public Failed {
      requireNonNull(text, "text");
    }
  }
}
