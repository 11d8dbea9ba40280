package dev.rustagent.core.command;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.internal.DidYouMean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.internal.CommandWords;
import dev.rustagent.core.command.SlashCommands.SlashCommand;
import org.jspecify.annotations.Nullable;

/**
 * The slash commands a host offers: parses a line such as {@code /agent "write tests" --tools cargo},
 * checks it against the command's {@link CommandSpec} and calls its {@link CommandHandler}.
 * {@code /help} is built in and lists every command; {@code /help NAME} shows one. Unknown commands,
 * unbalanced quotes, unknown options and wrong argument counts give a {@link CommandOutcome.Usage},
 * and nothing runs. Immutable and thread-safe; derive a changed copy with {@link #toBuilder()}.
 */
public final class SlashCommands {
  private static final Logger log = LoggerFactory.getLogger(SlashCommands.class);
  private static final CommandSpec HELP = CommandSpec.builder("help").summary("list the commands")
      .arguments("[command]", 0, 1).build();

  private final Map<String, Registered> commands;

  private record Registered(CommandSpec spec, CommandHandler handler) {}

  private SlashCommands(Builder b) {
    this.commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.commands));
  }

  /** Starts an empty set of commands ({@code /help} is always there). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these commands, to add or replace some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.commands.putAll(commands);
    return b;
  }

  /** Whether the line is meant as a slash command (starts with {@code /} after leading blanks). */
  public static boolean isCommand(String line) {
    return line != null && line.stripLeading().startsWith("/");
  }

  /** The specs of the registered commands, in registration order, {@code /help} last. */
  public List<CommandSpec> specs() {
    List<CommandSpec> specs = new ArrayList<>();
    commands.values().forEach(r -> specs.add(r.spec()));
    specs.add(HELP);
    return specs;
  }

  /**
   * Parses and checks a line.
   *
   * @throws CommandSyntaxException saying what is wrong and how to use the command
   */
  public SlashCommand parse(String line) {
    requireNonNull(line, "line");
    String text = line.strip();
    if (!text.startsWith("/") || text.length() == 1) {
      throw new CommandSyntaxException("a command starts with / and a name; type /help for the list");
    }
    List<String> words;
    try {
      words = CommandWords.split(text.substring(1));
    } catch (IllegalArgumentException e) {
      throw new CommandSyntaxException("cannot read the command: " + e.getMessage());
    }
    if (words.isEmpty()) {
      throw new CommandSyntaxException("a command starts with / and a name; type /help for the list");
    }
    String name = words.get(0);
    CommandSpec spec = name.equals(HELP.name()) ? HELP
        : Optional.ofNullable(commands.get(name)).map(Registered::spec).orElse(null);
    if (spec == null) {
      List<String> known = specs().stream().map(CommandSpec::name).toList();
      throw new CommandSyntaxException("unknown command /" + name
          + DidYouMean.closest(name, known).map(n -> " (did you mean /" + n + "?)").orElse("")
          + "; known: " + String.join(" ", known.stream().map(n -> "/" + n).toList()));
    }
    List<String> arguments = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    boolean onlyArguments = false;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if (onlyArguments || spec.passesOptionsThrough() || !w.startsWith("--")) {
        arguments.add(w);
        continue;
      }
      if (w.equals("--")) {
        onlyArguments = true;
        continue;
      }
      String option = w.substring(2);
      String value = null;
      int eq = option.indexOf('=');
      if (eq >= 0) {
        value = option.substring(eq + 1);
        option = option.substring(0, eq);
      }
      if (!spec.knows(option)) {
        throw spec.error("unknown option --" + option);
      }
      if (options.containsKey(option)) {
        throw spec.error("--" + option + " is given twice");
      }
      if (spec.isFlag(option)) {
        if (value != null) {
          throw spec.error("--" + option + " takes no value");
        }
        value = "true";
      } else if (value == null) {
        if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) {
          throw spec.error("--" + option + " needs a value");
        }
        value = words.get(++i);
      }
      options.put(option, value);
    }
    SlashCommand command = new SlashCommand(name, arguments, options);
    spec.check(command);
    return command;
  }

  /**
   * Runs a line: parses it, and either answers {@code /help}, reports a usage error, or calls the
   * handler. Never throws for bad input or a failing handler.
   */
  public CommandOutcome execute(String line) {
    SlashCommand command;
    try {
      command = parse(line);
    } catch (CommandSyntaxException e) {
      return new CommandOutcome.Usage(e.getMessage());
    }
    if (command.name().equals(HELP.name())) {
      return help(command.argument(0));
    }
    Registered registered = commands.get(command.name());
    try {
      CommandOutcome outcome = registered.handler().handle(command);
      if (outcome == null) {
        return new CommandOutcome.Failed("/" + command.name() + " gave no outcome", null);
      }
      return outcome;
    } catch (CommandSyntaxException e) {
      return new CommandOutcome.Usage(e.getMessage());
    } catch (Exception e) {
      log.warn("command /{} failed", command.name(), e);
      return new CommandOutcome.Failed("/" + command.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** The help text: one line per command with its usage and summary. */
  public String helpText() {
    StringBuilder help = new StringBuilder("Commands:\n");
    for (CommandSpec spec : specs()) {
      help.append("  ").append(spec.usage());
      if (!spec.summary().isEmpty()) {
        help.append("\n      ").append(spec.summary());
      }
      help.append('\n');
    }
    return help.toString();
  }

  private CommandOutcome help(Optional<String> name) {
    if (name.isEmpty()) {
      return new CommandOutcome.Completed(helpText(), null);
    }
    String n = name.get().startsWith("/") ? name.get().substring(1) : name.get();
    Optional<CommandSpec> spec = specs().stream().filter(s -> s.name().equals(n)).findFirst();
    return spec.<CommandOutcome>map(s -> new CommandOutcome.Completed(s.usage() + "\n  " + s.summary(), null))
        .orElseGet(() -> new CommandOutcome.Usage("unknown command /" + n
            + DidYouMean.closest(n, specs().stream().map(CommandSpec::name).toList())
                .map(m -> " (did you mean /" + m + "?)").orElse("") + "\n" + helpText()));
  }

  /** Builds a {@link SlashCommands}. */
  public static final class Builder {
    private final Map<String, Registered> commands = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a command, or replaces the one of the same name (hosts replace the standard handlers so).
     *
     * @throws IllegalArgumentException for the reserved name {@code help}
     */
    public Builder command(CommandSpec spec, CommandHandler handler) {
      requireNonNull(spec, "spec");
      requireNonNull(handler, "handler");
      if (spec.name().equals(HELP.name())) {
        throw new IllegalArgumentException("/help is built in and cannot be replaced");
      }
      commands.put(spec.name(), new Registered(spec, handler));
      return this;
    }

    /** Builds the immutable set. */
    public SlashCommands build() {
      return new SlashCommands(this);
    }
  }

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

  /** Carries out a parsed, checked slash command. */
  @FunctionalInterface
  public interface CommandHandler {

    /**
     * Runs the command. Exceptions are turned into a {@link CommandOutcome.Failed} by
     * {@link SlashCommands#execute}.
     */
    CommandOutcome handle(SlashCommand command) throws Exception;
  }

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

  /** Input that is not a valid slash command; the message ends with the usage line(s). */
  public static final class CommandSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CommandSyntaxException(String message) {
      super(message);
    }
  }
}
