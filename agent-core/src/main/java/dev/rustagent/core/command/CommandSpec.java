package dev.rustagent.core.command;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.rustagent.core.command.SlashCommands.SlashCommand;
import dev.rustagent.core.command.SlashCommands.CommandSyntaxException;

/**
 * The syntax of one slash command: its name, a one-line summary, how many positional arguments it
 * takes (and, optionally, which words the first may be), and its options and flags. Immutable.
 *
 * <pre>{@code
 * CommandSpec.builder("explain")
 *     .summary("explain a Rust concept")
 *     .arguments("<concept>", 1, Integer.MAX_VALUE)
 *     .option("level", "beginner", "intermediate", "expert")
 *     .build();
 * }</pre>
 */
public final class CommandSpec {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final String name;
  private final String summary;
  private final String argumentSyntax;
  private final int minArguments;
  private final int maxArguments;
  private final List<String> firstArgumentChoices;
  /** option name to allowed values; an empty set means any value; null means a flag. */
  private final Map<String, Set<String>> options;
  private final boolean passThrough;

  private CommandSpec(Builder b) {
    this.passThrough = b.passThrough;
    this.name = b.name;
    this.summary = b.summary;
    this.argumentSyntax = b.argumentSyntax;
    this.minArguments = b.minArguments;
    this.maxArguments = b.maxArguments;
    this.firstArgumentChoices = b.firstArgumentChoices;
    this.options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
  }

  /**
   * Starts a spec.
   *
   * @throws IllegalArgumentException when the name is not 1 to 32 characters of {@code [a-z0-9-]}
   *     starting with a letter
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The name, without the slash. */
  public String name() {
    return name;
  }

  /** The one-line summary shown by {@code /help}. */
  public String summary() {
    return summary;
  }

  /** The usage line, e.g. {@code /explain <concept> [--level beginner|intermediate|expert]}. */
  public String usage() {
    StringBuilder u = new StringBuilder("/").append(name);
    if (!argumentSyntax.isEmpty()) {
      u.append(' ').append(argumentSyntax);
    }
    options.forEach((option, values) -> {
      u.append(" [--").append(option);
      if (values != null) {
        u.append(' ').append(values.isEmpty() ? option.toUpperCase(java.util.Locale.ROOT) : String.join("|", values));
      }
      u.append(']');
    });
    return u.toString();
  }

  /** Whether every word after the name is an argument, dashes included (as for {@code /git}). */
  public boolean passesOptionsThrough() {
    return passThrough;
  }

  boolean isFlag(String option) {
    return options.containsKey(option) && options.get(option) == null;
  }

  boolean knows(String option) {
    return options.containsKey(option);
  }

  /** Checks parsed input against this spec; throws with the reason and the usage line. */
  void check(SlashCommand command) {
    int n = command.arguments().size();
    if (n < minArguments) {
      throw error(minArguments == 1 ? "missing argument " + argumentSyntax : "expected at least " + minArguments
          + " arguments, got " + n);
    }
    if (n > maxArguments) {
      throw error("expected at most " + maxArguments + " argument(s), got " + n);
    }
    if (!firstArgumentChoices.isEmpty() && n > 0 && !firstArgumentChoices.contains(command.arguments().get(0))) {
      throw error("'" + command.arguments().get(0) + "' must be one of " + String.join(", ", firstArgumentChoices));
    }
    command.options().forEach((option, value) -> {
      Set<String> allowed = options.get(option);
      if (allowed != null && !allowed.isEmpty() && !allowed.contains(value)) {
        throw error("--" + option + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
      }
    });
  }

  CommandSyntaxException error(String reason) {
    return new CommandSyntaxException("/" + name + ": " + reason + "\nusage: " + usage());
  }

  @Override
  public String toString() {
    return usage();
  }

  /** Builds a {@link CommandSpec}; every setter checks its argument at once. */
  public static final class Builder {
    private final String name;
    private String summary = "";
    private String argumentSyntax = "";
    private int minArguments;
    private int maxArguments;
    private List<String> firstArgumentChoices = List.of();
    private final Map<String, Set<String>> options = new LinkedHashMap<>();
    private boolean passThrough;

    private Builder(String name) {
      requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("command name '" + name
            + "' must be 1 to 32 characters of [a-z0-9-] starting with a letter");
      }
      this.name = name;
    }

    /** The one-line summary for {@code /help}. */
    public Builder summary(String summary) {
      this.summary = requireNonNull(summary, "summary");
      return this;
    }

    /**
     * The positional arguments: their syntax for the usage line and how many are allowed.
     *
     * @throws IllegalArgumentException when {@code min} is negative or above {@code max}
     */
    public Builder arguments(String syntax, int min, int max) {
      requireNonNull(syntax, "syntax");
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("need 0 <= min <= max, got " + min + " and " + max);
      }
      this.argumentSyntax = syntax;
      this.minArguments = min;
      this.maxArguments = max;
      return this;
    }

    /** The words the first argument may be, e.g. {@code fn}, {@code module}, {@code crate}. */
    public Builder firstArgumentOneOf(String... choices) {
      requireNonNull(choices, "choices");
      this.firstArgumentChoices = List.of(choices);
      return this;
    }

    /**
     * Takes every word after the name as an argument, {@code --options} included, for commands that
     * hand their arguments to another program ({@code /git log --oneline}).
     *
     * @throws IllegalStateException when options or flags were declared
     */
    public Builder passOptionsThrough() {
      if (!options.isEmpty()) {
        throw new IllegalStateException("a command that passes options through cannot declare its own");
      }
      this.passThrough = true;
      return this;
    }

    /** An option taking a value; with {@code allowed} values given, only those. */
    public Builder option(String option, String... allowed) {
      checkOption(option);
      options.put(option, java.util.Collections.unmodifiableSet(
          new java.util.LinkedHashSet<>(List.of(requireNonNull(allowed, "allowed")))));
      return this;
    }

    /** A flag without a value, such as {@code --trace}. */
    public Builder flag(String flag) {
      checkOption(flag);
      options.put(flag, null);
      return this;
    }

    private void checkOption(String option) {
      requireNonNull(option, "option");
      if (passThrough) {
        throw new IllegalStateException("a command that passes options through cannot declare its own");
      }
      if (!NAME.matcher(option).matches()) {
        throw new IllegalArgumentException("option name '" + option + "' must be 1 to 32 characters of [a-z0-9-]");
      }
      if (options.containsKey(option)) {
        throw new IllegalArgumentException("option --" + option + " is already declared");
      }
    }

    /** Builds the spec. */
    public CommandSpec build() {
      return new CommandSpec(this);
    }
  }
}
