package dev.rustagent.tools;

/**
 * The arguments of a tool call are not usable: not JSON, not an object, missing a required field or
 * holding a value of the wrong type. The message names the tool and every problem found, so the
 * model can correct the call.
 */
public class ToolArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the tool and the problem. */
  public ToolArgumentException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public ToolArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
