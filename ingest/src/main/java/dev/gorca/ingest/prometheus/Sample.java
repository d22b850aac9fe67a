package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.SeriesKey;
import java.util.OptionalLong;

/**
 * One sample line: {@code name{labels} value [timestamp]}.
 *
 * @param timestampMs the optional timestamp after the value; client_golang never writes one
 * @param line 1-based line number in the scrape, for messages
 */
public record Sample(SeriesKey series, double value, OptionalLong timestampMs, int line) {
  public Sample {
    if (series == null || timestampMs == null) {
      throw new IllegalArgumentException("series == null or timestampMs == null");
    }
  }
}
