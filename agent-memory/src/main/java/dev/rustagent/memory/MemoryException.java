package dev.rustagent.memory;

/**
 * A memory store could not do what was asked: the database file is corrupted, locked, or has a schema
 * newer than this code; the embedding model does not match the stored vectors; an export or import
 * failed. The message names the file or setting involved. Nothing is reset or deleted on such errors.
 */
public class MemoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, naming the file or setting involved
   */
  public MemoryException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file or setting involved
   * @param cause the underlying failure
   */
  public MemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
