package dev.rustagent.tools.builtin;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.spi.internal.CommandGlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


/**
 * Which command lines the {@code shell} tool may run. A pattern is the command glob of the permission
 * rules ({@code CommandGlob}) over the command that will actually run (wrappers such as {@code env},
 * {@code timeout} or {@code sh -c} peeled off, the arguments joined by single spaces): {@code *}
 * matches any text, {@code prefix:*} the prefix and what follows a space, and the first word names a
 * program resolved on the {@code PATH}, so {@code cargo *} allows every cargo command and never a
 * workspace script called {@code cargo}. A command must match an allow pattern and no deny pattern;
 * deny patterns are also checked against each part of a command line joined with {@code ;},
 * {@code &&}, {@code ||} or {@code |}. Line mode (a shell command string run with {@code sh -c}) is
 * off unless {@link Builder#allowCommandLine(boolean)} turns it on. Immutable.
 *
 * <p>Deny patterns are a convenience, not a boundary: a program can be reached in more ways than any
 * list names ({@code find -delete}, an interpreter). The default policy has none; what protects the
 * machine is the permission gate, which asks about every shell call (RUN_COMMAND) unless the host's
 * policy allows it.
 */
public final class ShellPolicy {
  private final List<String> allow;
  private final List<String> deny;
  private final List<CommandGlob> allowPatterns;
  private final List<CommandGlob> denyPatterns;
  private final boolean allowCommandLine;

  private ShellPolicy(Builder builder) {
    this.allow = List.copyOf(builder.allow);
    this.deny = List.copyOf(builder.deny);
    this.allowPatterns = allow.stream().map(CommandGlob::compile).toList();
    this.denyPatterns = deny.stream().map(CommandGlob::compile).toList();
    this.allowCommandLine = builder.allowCommandLine;
  }

  /**
   * Every program allowed, no line mode; whether a call runs is the permission gate's decision
   * (RUN_COMMAND, asked about by default).
   */
  public static ShellPolicy defaults() {
    return builder().allow("*").build();
  }

  /** An empty policy to fill: with no allow pattern nothing runs. */
  public static Builder builder() {
    return new Builder();
  }

  /** The allow patterns. */
  public List<String> allowPatterns() {
    return allow;
  }

  /** The deny patterns. */
  public List<String> denyPatterns() {
    return deny;
  }

  /** Whether {@code command} strings run through {@code sh -c} are allowed. */
  public boolean allowsCommandLine() {
    return allowCommandLine;
  }

  /** Why the command line is refused, or empty when it may run. */
  public Optional<String> refusal(String commandLine) {
    List<String> parts = new ArrayList<>();
    parts.add(commandLine.strip());
    for (String part : commandLine.split(";|&&|\\|\\||\\||\\n|`|\\$\\(")) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    for (String part : parts) {
      for (int i = 0; i < denyPatterns.size(); i++) {
        if (denyPatterns.get(i).matches(part)) {
          return Optional.of("command '" + commandLine + "' is denied by the shell policy (pattern '"
              + deny.get(i) + "')");
        }
      }
    }
    for (CommandGlob pattern : allowPatterns) {
      if (pattern.matches(commandLine.strip())) {
        return Optional.empty();
      }
    }
    return Optional.of("command '" + commandLine + "' matches none of the allowed patterns " + allow);
  }

  /** Builds a {@link ShellPolicy}. */
  public static final class Builder {
    private final List<String> allow = new ArrayList<>();
    private final List<String> deny = new ArrayList<>();
    private boolean allowCommandLine;

    private Builder() {}

    /** Adds allow patterns. */
    public Builder allow(String... patterns) {
      requireNonNull(patterns, "patterns");
      for (String pattern : patterns) {
        allow.add(requirePattern(pattern));
      }
      return this;
    }

    /** Adds deny patterns; they win over allow patterns. */
    public Builder deny(String... patterns) {
      requireNonNull(patterns, "patterns");
      for (String pattern : patterns) {
        deny.add(requirePattern(pattern));
      }
      return this;
    }

    /** Whether the model may send a {@code command} string, run with {@code sh -c}. */
    public Builder allowCommandLine(boolean allowed) {
      this.allowCommandLine = allowed;
      return this;
    }

    /** Builds the immutable policy. */
    public ShellPolicy build() {
      return new ShellPolicy(this);
    }

    private static String requirePattern(String pattern) {
      requireNonNull(pattern, "pattern");
      if (pattern.isBlank()) {
        throw new IllegalArgumentException("a shell pattern must not be blank");
      }
      return pattern;
    }
  }
}
