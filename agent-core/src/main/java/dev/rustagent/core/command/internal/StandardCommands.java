package dev.rustagent.core.command.internal;

import java.util.List;
import dev.rustagent.core.command.CommandSpec;

/**
 * The syntax of the standard commands. The orchestrator binds each to a workflow; a host may bind
 * its own handlers to the same specs.
 */
public final class StandardCommands {
  /** {@code /agent "<task>" [--context TEXT] [--tools a,b]}: spawns a helper agent. */
  public static final CommandSpec AGENT = CommandSpec.builder("agent").summary("spawn a helper agent for a task")
      .arguments("\"<task>\"", 1, Integer.MAX_VALUE).option("context").option("tools").build();
  /** {@code /generate <spec> [--out FILE] [--tests] [--docs]}. */
  public static final CommandSpec GENERATE = CommandSpec.builder("generate")
      .summary("write code from a description, checked with cargo")
      .arguments("<spec>", 1, Integer.MAX_VALUE).option("out").flag("tests").flag("docs").build();
  /** {@code /refactor <target> <pattern>}. */
  public static final CommandSpec REFACTOR = CommandSpec.builder("refactor")
      .summary("refactor a target towards a pattern, checked with cargo")
      .arguments("<target> <pattern>", 2, Integer.MAX_VALUE).build();
  /** {@code /document fn|module|crate <target>}. */
  public static final CommandSpec DOCUMENT = CommandSpec.builder("document").summary("write rustdoc documentation")
      .arguments("fn|module|crate <target>", 2, 2).firstArgumentOneOf("fn", "module", "crate").build();
  /** {@code /test unit|integration|bench [target]}. */
  public static final CommandSpec TEST = CommandSpec.builder("test").summary("write and run tests")
      .arguments("unit|integration|bench [target]", 1, 2).firstArgumentOneOf("unit", "integration", "bench").build();
  /** {@code /debug [--trace] [--auto-fix]}. */
  public static final CommandSpec DEBUG = CommandSpec.builder("debug")
      .summary("run cargo check and fix the errors, asking before each change")
      .arguments("", 0, 0).flag("trace").flag("auto-fix").build();
  /** {@code /explain <concept> [--level beginner|intermediate|expert]}. */
  public static final CommandSpec EXPLAIN = CommandSpec.builder("explain").summary("explain a Rust concept or error code")
      .arguments("<concept>", 1, Integer.MAX_VALUE).option("level", "beginner", "intermediate", "expert").build();
  /** {@code /git <args…>}. */
  public static final CommandSpec GIT = CommandSpec.builder("git").summary("run git in the workspace (asks before writes)")
      .arguments("<args...>", 1, Integer.MAX_VALUE).passOptionsThrough().build();

  private StandardCommands() {}

  /** Every standard spec, in the order {@code /help} lists them. */
  public static List<CommandSpec> all() {
    return List.of(AGENT, GENERATE, REFACTOR, DOCUMENT, TEST, DEBUG, EXPLAIN, GIT);
  }
}
