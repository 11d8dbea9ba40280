package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.spi.internal.CommandGlob;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The permission gate's rules: for each tool call, {@link Permission#ALLOW ALLOW},
 * {@link Permission#ASK ASK} (the host's {@link Approver} decides) or {@link Permission#DENY DENY}.
 *
 * <p>Each {@link Action} has a setting; a call gets the strictest setting of the actions it performs.
 * Tool rules such as {@code shell(cargo test:*)} or {@code edit_file(src/**)} then refine that for the
 * calls they match: a matching DENY rule refuses, a matching ASK rule asks, a matching ALLOW rule
 * allows — but nothing overrides an action set to DENY. So deny beats ask beats allow.
 *
 * <p>A tool rule is {@code name} or {@code name(pattern)}. The pattern is matched against the tool's
 * {@link dev.rustagent.tools.Tool#permissionSubject permission subject} (the command line for the
 * shell, the path for file tools): {@code prefix:*} is a command rule ({@code CommandGlob}): it
 * matches the prefix followed by nothing or by a space and more, its first word naming the program
 * that will actually run (resolved on the {@code PATH}; a workspace file such as {@code tools/cargo}
 * never passes as {@code cargo}), and never a subject holding shell control characters
 * ({@code ; & | ` $ < >} or a line break); otherwise the pattern is a path glob of the JDK's
 * {@link java.nio.file.PathMatcher} ({@code *} stays within one path segment, {@code **} crosses
 * segments, {@code ?} is one character), matched against the normalised path, so
 * {@code src/../build.rs} is {@code build.rs}.
 *
 * <p>The {@linkplain #defaults() default policy} allows READ and asks for everything else. Immutable
 * and thread-safe.
 */
public final class PermissionPolicy {
  private static final Pattern RULE = Pattern.compile("([a-zA-Z0-9_*-]{1,64})(?:\\((.*)\\))?");
  private static final PermissionPolicy DEFAULTS = builder().build();

  private final Map<Action, Permission> actions;
  private final List<ToolRule> rules;

  private PermissionPolicy(Builder builder) {
    this.actions = new EnumMap<>(builder.actions);
    this.rules = List.copyOf(builder.rules);
  }

  /** READ allowed, everything else asked. */
  public static PermissionPolicy defaults() {
    return DEFAULTS;
  }

  /** READ allowed, everything else refused. */
  public static PermissionPolicy readOnly() {
    return builder().deny(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.GIT_WRITE, Action.NETWORK).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's settings, to derive a changed copy. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.actions.putAll(actions);
    builder.rules.addAll(rules);
    return builder;
  }

  /** The setting of one action. */
  public Permission setting(Action action) {
    return actions.get(requireNonNull(action, "action"));
  }

  /**
   * Decides about one call.
   *
   * @param tool the tool's name
   * @param callActions what the call does; an empty set counts as READ
   * @param subject the tool's permission subject for the call
   */
  public Permission decide(String tool, Set<Action> callActions, String subject) {
    requireNonNull(tool, "tool");
    requireNonNull(callActions, "callActions");
    requireNonNull(subject, "subject");
    Permission byAction = callActions.isEmpty() ? setting(Action.READ) : Permission.ALLOW;
    for (Action action : callActions) {
      byAction = byAction.strictest(setting(action));
    }
    if (byAction == Permission.DENY) {
      return Permission.DENY;
    }
    Permission byRule = null;
    for (ToolRule rule : rules) {
      if (rule.matches(tool, subject)) {
        byRule = byRule == null ? rule.permission : byRule.strictest(rule.permission);
      }
    }
    return byRule != null ? byRule : byAction;
  }

  @Override
  public String toString() {
    return "PermissionPolicy{actions=" + actions + ", rules=" + rules + "}";
  }

  /** Builds a {@link PermissionPolicy}. */
  public static final class Builder {
    private final Map<Action, Permission> actions = new EnumMap<>(Action.class);
    private final List<ToolRule> rules = new ArrayList<>();

    private Builder() {
      for (Action action : Action.values()) {
        actions.put(action, action == Action.READ ? Permission.ALLOW : Permission.ASK);
      }
    }

    /** Allows these actions. */
    public Builder allow(Action... actionsToSet) {
      return set(Permission.ALLOW, actionsToSet);
    }

    /** Asks the approver about these actions. */
    public Builder ask(Action... actionsToSet) {
      return set(Permission.ASK, actionsToSet);
    }

    /** Refuses these actions. */
    public Builder deny(Action... actionsToSet) {
      return set(Permission.DENY, actionsToSet);
    }

    /** Allows calls matching the tool rule, e.g. {@code shell(cargo test:*)}. */
    public Builder allow(String toolRule) {
      rules.add(ToolRule.parse(Permission.ALLOW, toolRule));
      return this;
    }

    /** Asks about calls matching the tool rule. */
    public Builder ask(String toolRule) {
      rules.add(ToolRule.parse(Permission.ASK, toolRule));
      return this;
    }

    /** Refuses calls matching the tool rule, e.g. {@code shell(rm:*)}. */
    public Builder deny(String toolRule) {
      rules.add(ToolRule.parse(Permission.DENY, toolRule));
      return this;
    }

    private Builder set(Permission permission, Action... actionsToSet) {
      requireNonNull(actionsToSet, "actions");
      if (actionsToSet.length == 0) {
        throw new IllegalArgumentException("name at least one action");
      }
      for (Action action : actionsToSet) {
        actions.put(requireNonNull(action, "action"), permission);
      }
      return this;
    }

    /** Builds the immutable policy. */
    public PermissionPolicy build() {
      return new PermissionPolicy(this);
    }
  }

  private record ToolRule(Permission permission, String text, Pattern tool, CommandGlob command, PathMatcher path) {

    static ToolRule parse(Permission permission, String text) {
      requireNonNull(text, "toolRule");
      Matcher m = RULE.matcher(text.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("tool rule '" + text
            + "' must look like name or name(pattern), e.g. shell(cargo test:*) or edit_file(src/**)");
      }
      Pattern tool = Pattern.compile(m.group(1).replace("*", "[a-zA-Z0-9_-]*"));
      String pattern = m.group(2);
      if (pattern == null || pattern.isEmpty()) {
        return new ToolRule(permission, text, tool, null, null);
      }
      if (pattern.endsWith(":*")) {
        return new ToolRule(permission, text, tool, CommandGlob.compile(pattern), null);
      }
      try {
        return new ToolRule(permission, text, tool, null, FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tool rule '" + text + "' has a bad path glob: " + e.getMessage(), e);
      }
    }

    boolean matches(String toolName, String subject) {
      if (!tool.matcher(toolName).matches()) {
        return false;
      }
      if (command != null) {
        if (hasShellControl(subject)) {
          return false;
        }
        // deny and ask rules see through variables set in front of the program; allow rules do not
        return command.matches(subject) || permission != Permission.ALLOW && command.matches(withoutAssignments(subject));
      }
      if (path != null) {
        try {
          return path.matches(Path.of(subject).normalize());
        } catch (InvalidPathException e) {
          return false;
        }
      }
      return true;
    }

    private static String withoutAssignments(String subject) {
      String rest = subject.strip();
      while (rest.matches("(?s)[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+.*")) {
        rest = rest.substring(rest.indexOf(' ')).strip();
      }
      return rest;
    }

    private static boolean hasShellControl(String subject) {
      for (int i = 0; i < subject.length(); i++) {
        if (";&|`$<>\n\r".indexOf(subject.charAt(i)) >= 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return permission + " " + text;
    }
  }

  /** What the permission gate says about a tool call. When rules disagree, DENY beats ASK beats ALLOW. */
  public enum Permission {
    /** The call runs. */
    ALLOW,
    /** The host's {@link Approver} decides; with no approver the call is refused. */
    ASK,
    /** The call is refused. */
    DENY;

    /** The stricter of the two. */
    public Permission strictest(Permission other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }
}
