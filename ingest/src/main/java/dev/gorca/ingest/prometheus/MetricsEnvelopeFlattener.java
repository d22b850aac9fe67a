package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsEnvelope;
import java.util.List;

/**
 * Turns either form of {@link MetricsEnvelope} into one {@link MetricSample} at the
 * envelope's time, so later stages never care which form the sender chose.
 */
public final class MetricsEnvelopeFlattener {
  private final PrometheusTextParser parser;

  public MetricsEnvelopeFlattener() {
    this(new PrometheusTextParser());
  }

  public MetricsEnvelopeFlattener(PrometheusTextParser parser) {
    this.parser = parser;
  }

  public FlattenedMetrics flatten(MetricsEnvelope envelope) {
    if (!envelope.hasBody()) {
      return new FlattenedMetrics(new MetricSample(envelope.tsMs(), envelope.values()),
          List.of());
    }
    ParsedScrape scrape = parser.parse(envelope.body());
    return new FlattenedMetrics(scrape.toSample(envelope.tsMs()), scrape.warnings());
  }
}
