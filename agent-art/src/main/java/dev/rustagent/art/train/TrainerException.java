package dev.rustagent.art.train;

/** Training failed: the trainer exited with an error, hung past its timeout, or reported no metrics. */
public class TrainerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public TrainerException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public TrainerException(String message, Throwable cause) {
    super(message, cause);
  }
}
