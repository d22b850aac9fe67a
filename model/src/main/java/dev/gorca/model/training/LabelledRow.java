package dev.gorca.model.training;

import java.util.Objects;

/**
 * An operator's verdict on an incident: its features (schema order, NaN for missing) and the root cause.
 *
 * @param id the incident id, or where the row came from
 */
public record LabelledRow(String id, String rootCause, double[] features) {
  public LabelledRow {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(rootCause, "rootCause == null");
    features = features.clone();
  }
}
