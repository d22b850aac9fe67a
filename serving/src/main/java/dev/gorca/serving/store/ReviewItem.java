package dev.gorca.serving.store;

import java.util.Objects;

/**
 * An unlabelled incident in the review queue with the model's margin, p(top1) - p(top2): the smaller, the less
 * sure the model, and the more a label teaches it.
 */
public record ReviewItem(StoredIncident incident, double margin) {
  public ReviewItem {
    Objects.requireNonNull(incident, "incident == null");
  }
}
