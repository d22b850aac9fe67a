package dev.gorca.serving.collect;

/** An envelope the sink would not send because consumers would refuse it (too large for its schema's limit). */
public final class EnvelopeRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EnvelopeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
