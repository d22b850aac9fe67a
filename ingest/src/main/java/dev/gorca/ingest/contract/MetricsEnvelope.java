package dev.gorca.ingest.contract;

import java.util.Map;

/**
 * A metrics scrape from one instance, in exactly one of two forms: the raw Prometheus text as the Go
 * client serves it ({@code body}), or values already flattened by the sender ({@code values}, keyed by
 * canonical series key, see {@link SeriesKey}). {@code dev.gorca.ingest.prometheus.MetricsEnvelopeFlattener}
 * turns either into a {@link MetricSample}.
 *
 * @param body Prometheus text exposition 0.0.4, null when {@code values} is given
 * @param values flat values (immutable copy in key order), null when {@code body} is given
 */
public record MetricsEnvelope(String service, String instance, long tsMs, String body, Map<String, Double> values)
    implements ServiceEnvelope {
  public MetricsEnvelope {
    Fields.requireName("service", service, "checkout");
    Fields.requireName("instance", instance, "checkout-7d9f-x2k4p");
    Fields.requireTimestamp("ts_ms", tsMs);
    if (body != null && values != null) {
      throw new InvalidFieldException("values", "expected exactly one of body (Prometheus text) or values "
          + "(flat numbers), found both; send the scrape as body or its flattened numbers as values, not both");
    }
    if (body == null && values == null) {
      throw new InvalidFieldException("body", "expected exactly one of body (Prometheus text) or values "
          + "(flat numbers), found neither; put the scrape in body");
    }
    if (body != null) {
      Fields.requireNonBlankText("body", body, "a Prometheus text scrape");
    } else {
      if (values.isEmpty()) {
        throw new InvalidFieldException("values", "expected at least one series, found an empty object; "
            + "do not send a scrape that has no values");
      }
      try {
        values = new MetricSample(tsMs, values).values();
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("values", e.getMessage());
      }
    }
  }

  public static MetricsEnvelope ofBody(String service, String instance, long tsMs, String body) {
    return new MetricsEnvelope(service, instance, tsMs, body, null);
  }

  public static MetricsEnvelope ofValues(String service, String instance, long tsMs, Map<String, Double> values) {
    return new MetricsEnvelope(service, instance, tsMs, null, values);
  }

  public boolean hasBody() {
    return body != null;
  }

  @Override
  public EnvelopeSchema schema() {
    return EnvelopeSchema.METRICS;
  }
}
