package dev.rustagent.art;

/** A failure of the ART machinery: a store that cannot be read or written, a bad configuration. */
public class ArtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public ArtException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public ArtException(String message, Throwable cause) {
    super(message, cause);
  }
}
