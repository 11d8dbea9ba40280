package dev.rustagent.core;

import java.util.List;

/**
 * A configuration file or environment override that cannot be used. The message lists every problem
 * found, each naming the file (or environment variable), the key and the expected type or range.
 */
public final class AgentConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** An exception listing {@code problems}, which must not be empty. */
  public AgentConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    this.problems = List.copyOf(problems);
  }

  /** An exception with one problem and its cause. */
  public AgentConfigException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Every problem found, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
