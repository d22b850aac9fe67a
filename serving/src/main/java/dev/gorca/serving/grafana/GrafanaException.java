package dev.gorca.serving.grafana;

/** Provisioning could not go on: the message says what Grafana answered and what to do about it. */
public final class GrafanaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GrafanaException(String message) {
    super(message);
  }

  public GrafanaException(String message, Throwable cause) {
    super(message, cause);
  }
}
