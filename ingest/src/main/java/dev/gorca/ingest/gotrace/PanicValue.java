package dev.gorca.ingest.gotrace;

import java.util.Objects;

/**
 * One {@code panic:} line. Nested panics print one per line, the first one first.
 *
 * @param value the printed panic value (multi-line values joined with '\n')
 * @param annotation the trailing bracket, e.g. {@code recovered} or {@code recovered, repanicked}; "" when none
 */
public record PanicValue(String value, String annotation) {
  public PanicValue {
    Objects.requireNonNull(value, "value == null");
    Objects.requireNonNull(annotation, "annotation == null");
  }

  public boolean recovered() {
    return annotation.startsWith("recovered");
  }
}
