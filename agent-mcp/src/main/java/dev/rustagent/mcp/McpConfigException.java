package dev.rustagent.mcp;

import java.util.List;

/** The {@code [mcp]} part of a config file is wrong; the message lists every problem with file and key. */
public final class McpConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  McpConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming the file and key. */
  public List<String> problems() {
    return problems;
  }
}
