package dev.gorca.serving.store;

import java.util.Objects;

/** One of an incident's top causes with the model's probability for it. */
public record RankedCause(String cause, double probability) {
  public RankedCause {
    Objects.requireNonNull(cause, "cause == null");
    if (cause.isBlank()) {
      throw new IllegalArgumentException("expected a root-cause id such as \"nil_map_write\", found a blank one");
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("expected a probability in [0, 1] for " + cause + ", found " + probability);
    }
  }
}
