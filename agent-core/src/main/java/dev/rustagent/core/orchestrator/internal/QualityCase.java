package dev.rustagent.core.orchestrator.internal;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** One test case of a {@link QualityEvaluator}: a prompt and how to judge the agent's work on it. */
public sealed interface QualityCase {

  /** The case's name in reports. */
  String name();

  /** What the agent is asked. */
  String prompt();

  /** The answer must contain a match of {@code expected}. Counts towards accuracy. */
  record AnswerMatches(String name, String prompt, Pattern expected) implements QualityCase {
    public AnswerMatches {
      requireNonNull(name, "name");
      requireNonNull(prompt, "prompt");
      requireNonNull(expected, "expected");
    }
  }

  /** After the run, {@code cargo check} must report no error. Counts towards the compile rate. */
  record CodeCompiles(String name, String prompt) implements QualityCase {
    public CodeCompiles {
      requireNonNull(name, "name");
      requireNonNull(prompt, "prompt");
    }
  }

  /**
   * After the run, {@code cargo test} must pass. Counts towards the compile rate (it must build) and
   * the test pass rate.
   */
  record TestsPass(String name, String prompt) implements QualityCase {
    public TestsPass {
      requireNonNull(name, "name");
      requireNonNull(prompt, "prompt");
    }
  }
}
