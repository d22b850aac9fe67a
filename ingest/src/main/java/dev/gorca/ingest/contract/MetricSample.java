package dev.gorca.ingest.contract;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The values of one scrape, flattened: canonical series key (see {@link SeriesKey#canonical()}) to value.
 * Both the Prometheus parser and the JSON Lines file produce this. Values may be NaN or infinite, as in
 * Prometheus (a summary quantile with no observations is NaN, the last histogram bucket is le="+Inf").
 *
 * @param tsMs when the scrape was taken, epoch milliseconds
 * @param values an immutable copy, iterated in key order
 */
public record MetricSample(long tsMs, Map<String, Double> values) {
  public MetricSample {
    Fields.requireTimestamp("ts_ms", tsMs);
    if (values == null) {
      throw new IllegalArgumentException("values == null");
    }
    TreeMap<String, Double> copy = new TreeMap<>();
    for (Map.Entry<String, Double> entry : values.entrySet()) {
      String key = entry.getKey();
      if (key == null || entry.getValue() == null) {
        throw new IllegalArgumentException("expected non-null keys and values, found " + key + "=" + entry.getValue());
      }
      if (!isCanonical(key)) {
        throw new IllegalArgumentException("expected canonical series keys (build them with SeriesKey.canonical()), found "
            + Quote.of(key));
      }
      copy.put(key, entry.getValue());
    }
    values = Collections.unmodifiableSortedMap(copy);
  }

  /** The value of a series by canonical key, empty when the scrape did not have it. */
  public OptionalDouble value(String canonicalKey) {
    Double value = values.get(canonicalKey);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static boolean isCanonical(String key) {
    // Label-free keys are most keys; they are canonical exactly when they are metric names.
    if (key.indexOf('{') < 0) {
      return SeriesKey.isMetricName(key);
    }
    try {
      return SeriesKey.canonicalize(key).equals(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
