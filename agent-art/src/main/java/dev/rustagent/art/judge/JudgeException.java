package dev.rustagent.art.judge;

/** A judge could not produce a valid score: the model's answer stayed malformed, or the call failed. */
public class JudgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public JudgeException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public JudgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
