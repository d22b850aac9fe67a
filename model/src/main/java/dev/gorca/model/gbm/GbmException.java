package dev.gorca.model.gbm;

/** LightGBM refused a call; the message carries LightGBM's own error text. */
public final class GbmException extends RuntimeException {
  public GbmException(String message) {
    super(message);
  }

  public GbmException(String message, Throwable cause) {
    super(message, cause);
  }
}
