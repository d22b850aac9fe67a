package dev.gorca.serving.store;

import java.util.Objects;

/** A label with the incident it names, features included: one training example for the learning loop. */
public record LabelledIncident(Label label, StoredIncident incident) {
  public LabelledIncident {
    Objects.requireNonNull(label, "label == null");
    Objects.requireNonNull(incident, "incident == null");
  }
}
