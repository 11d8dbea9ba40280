package dev.rustagent.server;

/** A request the server refuses, with the HTTP status and a message for the client. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Long retryAfterSeconds;

  ApiException(int status, String message) {
    this(status, message, null);
  }

  ApiException(int status, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  int status() {
    return status;
  }

  Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
