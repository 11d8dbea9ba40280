package dev.rustagent.core.command;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed slash command: {@code /agent "write tests" --tools cargo,read_file} has the name
 * {@code agent}, the argument {@code write tests} and the option {@code tools=cargo,read_file}.
 *
 * @param name the command's name, without the slash
 * @param arguments the positional arguments, quotes removed
 * @param options the options given, by name without dashes; a flag's value is {@code "true"}
 */
public record SlashCommand(String name, List<String> arguments, Map<String, String> options) {
  public SlashCommand {
    requireNonNull(name, "name");
    arguments = List.copyOf(arguments);
    options = Map.copyOf(options);
  }

  /** Whether the flag or option was given. */
  public boolean has(String option) {
    return options.containsKey(option);
  }

  /** The option's value, if given. */
  public Optional<String> option(String option) {
    return Optional.ofNullable(options.get(option));
  }

  /** The positional argument at {@code index}, if given. */
  public Optional<String> argument(int index) {
    return index < arguments.size() ? Optional.of(arguments.get(index)) : Optional.empty();
  }

  /** The positional arguments joined by spaces. */
  public String joinedArguments() {
    return String.join(" ", arguments);
  }
}
