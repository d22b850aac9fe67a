package dev.gorca.serving.http;

/**
 * A request the server refuses, with the status and the typed error the client gets as
 * {@code {"error": "...", "message": "..."}} (docs/api.md, "Errors").
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  ApiException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException unknownRootCause(String message) {
    return new ApiException(400, "unknown_root_cause", message);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException tooLarge(long limit) {
    return new ApiException(413, "too_large", "expected a request body of at most " + limit
        + " bytes; send a shorter dump (the first goroutines matter most) or raise the server's limit");
  }

  static ApiException unsupportedMediaType(String found) {
    return new ApiException(415, "unsupported_media_type", "expected Content-Type application/json, found "
        + (found == null || found.isBlank() ? "none" : "\"" + found + "\""));
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}
