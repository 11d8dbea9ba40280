package dev.rustagent.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks every numeric option goes through: a value outside its sensible range is a usage error
 * (exit 2) naming the option and the range, never silently clamped, overflowed or ignored.
 */
final class OptionRanges {
  /** The longest duration any option accepts (a week): beyond it, arithmetic on instants can overflow. */
  static final Duration LONGEST = Duration.ofDays(7);

  private OptionRanges() {}

  /** {@code value} if within {@code min..max}, else a usage error. */
  static int within(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max
          + ", not " + value);
    }
    return value;
  }

  /** {@code value} if a finite number within {@code min..max}, else a usage error. */
  static double within(CommandSpec spec, String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ParameterException(spec.commandLine(), option + " must be a number between " + min + " and " + max
          + ", not " + value);
    }
    return value;
  }

  /** An ISO-8601 duration above zero and at most {@link #LONGEST}, else a usage error. */
  static Duration duration(CommandSpec spec, String option, String text) {
    Duration value;
    try {
      value = Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new ParameterException(spec.commandLine(), option + " must be an ISO-8601 duration such as PT2H, not '"
          + text + "'");
    }
    if (value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0) {
      throw new ParameterException(spec.commandLine(), option + " must be more than zero and at most "
          + LONGEST.toDays() + " days, not " + text);
    }
    return value;
  }
}
