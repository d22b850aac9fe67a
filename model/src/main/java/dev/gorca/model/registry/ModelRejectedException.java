package dev.gorca.model.registry;

import java.util.Objects;

/**
 * A stored model the registry will not hand out: missing, corrupt, or made for other features. The
 * message names the file or field, what was expected, what was found, and what to do.
 */
public final class ModelRejectedException extends RuntimeException {
  /** Why, for callers that react differently (a CLI exit code, an HTTP status). */
  public enum Reason {
    NOT_FOUND,
    MISSING_FILE,
    UNEXPECTED_FILE,
    CHECKSUM_MISMATCH,
    UNREADABLE,
    SCHEMA_MISMATCH,
    FEATURES_MISMATCH
  }

  private final Reason reason;
  private final String modelId;

  public ModelRejectedException(Reason reason, String modelId, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.modelId = modelId;
  }

  public ModelRejectedException(Reason reason, String modelId, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.modelId = modelId;
  }

  public Reason reason() {
    return reason;
  }

  public String modelId() {
    return modelId;
  }
}
