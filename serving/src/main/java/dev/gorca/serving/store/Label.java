package dev.gorca.serving.store;

import java.util.Objects;

/** An operator's verdict on an incident's root cause. */
public record Label(String incidentId, String rootCause, String operator, String comment, long tsMs) {
  public Label {
    Objects.requireNonNull(incidentId, "incidentId == null");
    Objects.requireNonNull(rootCause, "rootCause == null");
    Objects.requireNonNull(operator, "operator == null");
    if (incidentId.isBlank() || rootCause.isBlank() || operator.isBlank()) {
      throw new IllegalArgumentException("expected non-blank incidentId, rootCause and operator, found \""
          + incidentId + "\", \"" + rootCause + "\", \"" + operator + "\"");
    }
    comment = comment == null ? "" : comment;
    if (tsMs < 0) {
      throw new IllegalArgumentException("expected ts_ms >= 0 (epoch millis), found " + tsMs);
    }
  }
}
