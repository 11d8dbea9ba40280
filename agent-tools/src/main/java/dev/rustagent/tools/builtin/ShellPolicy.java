package dev.rustagent.tools.builtin;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which command lines the {@code shell} tool may run. A pattern is a glob over the command line (the
 * arguments joined by single spaces, the program by its file name): {@code *} matches any text, every
 * other character itself, so {@code cargo *} allows every cargo command. A command must match an
 * allow pattern and no deny pattern; deny patterns are also checked against each part of a command
 * line joined with {@code ;}, {@code &&}, {@code ||} or {@code |}. Line mode (a shell command string
 * run with {@code sh -c}) is off unless {@link Builder#allowCommandLine(boolean)} turns it on.
 * Immutable.
 */
public final class ShellPolicy {
  private static final List<String> DEFAULT_DENY = List.of(
      "rm -rf *", "rm -fr *", "rm -r *", "sudo *", "su *", "curl *", "wget *", "ssh *", "scp *",
      "dd *", "mkfs*", "shutdown*", "reboot*", "chown *", "chmod -R *", "git push*", "nc *");

  private final List<String> allow;
  private final List<String> deny;
  private final List<Pattern> allowPatterns;
  private final List<Pattern> denyPatterns;
  private final boolean allowCommandLine;

  private ShellPolicy(Builder builder) {
    this.allow = List.copyOf(builder.allow);
    this.deny = List.copyOf(builder.deny);
    this.allowPatterns = allow.stream().map(ShellPolicy::compile).toList();
    this.denyPatterns = deny.stream().map(ShellPolicy::compile).toList();
    this.allowCommandLine = builder.allowCommandLine;
  }

  /** Everything allowed but destructive, privileged and network commands; no line mode. */
  public static ShellPolicy defaults() {
    return builder().allow("*").deny(DEFAULT_DENY.toArray(String[]::new)).build();
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
        if (denyPatterns.get(i).matcher(part).matches()) {
          return Optional.of("command '" + commandLine + "' is denied by the shell policy (pattern '"
              + deny.get(i) + "')");
        }
      }
    }
    for (Pattern pattern : allowPatterns) {
      if (pattern.matcher(commandLine.strip()).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of("command '" + commandLine + "' matches none of the allowed patterns " + allow);
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String piece : glob.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(piece));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
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
