package dev.gorca.ingest.prometheus;

import java.util.Locale;
import java.util.Optional;

/** The types a {@code # TYPE} line can declare; a family without one is UNTYPED. */
public enum MetricType {
  COUNTER, GAUGE, SUMMARY, HISTOGRAM, UNTYPED;

  /** Case-insensitive, as Prometheus' own parser reads it. */
  public static Optional<MetricType> byName(String name) {
    for (MetricType type : values()) {
      if (type.name().equals(name.toUpperCase(Locale.ROOT))) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
