package dev.gorca.serving.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The stream-side figures {@code /metrics} exposes: incidents by service and root cause, how long the stream
 * scorer took, dead letters by reason, the model the stream scores with, and {@code POST /api/score} latency.
 * Fed by {@link PipelineTail} (and the score API); thread-safe. Store-side figures (labels, the registry's model)
 * are read at scrape time by {@link MetricsEndpoint}.
 */
public final class PipelineMetrics {
  /** Scoring takes tens of microseconds to a few milliseconds with SHAP: buckets from 100 µs to 1 s. */
  static final double[] SCORING_SECONDS_BUCKETS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  /** The score API parses texts too (dumps can be large): 1 ms to 10 s. */
  static final double[] API_SCORE_SECONDS_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter incidents = Counter.builder().name("gorca_incidents_total")
      .help("Scored incidents seen on the incidents topic since this process started")
      .labelNames("service", "root_cause").register(registry);
  private final Histogram scoring = Histogram.builder().name("gorca_incident_scoring_seconds")
      .help("How long the stream scorer took per incident (the incident's scoring_us)")
      .classicOnly().classicUpperBounds(SCORING_SECONDS_BUCKETS).register(registry);
  private final Histogram apiScoring = Histogram.builder().name("gorca_api_score_seconds")
      .help("How long POST /api/score took, parsing included")
      .classicOnly().classicUpperBounds(API_SCORE_SECONDS_BUCKETS).register(registry);
  private final Counter deadLetters = Counter.builder().name("gorca_dead_letters_total")
      .help("Records refused by the pipeline, seen on the dead-letter topic, by reject reason")
      .labelNames("reason").register(registry);
  private final Counter unreadable = Counter.builder().name("gorca_tail_unreadable_records_total")
      .help("Records on the incidents or dead-letter topic that this process could not read")
      .labelNames("topic").register(registry);
  private final Info streamModel = Info.builder().name("gorca_stream_model_info")
      .help("The model version that scored the latest incident on the incidents topic")
      .labelNames("model_id").register(registry);

  /** One scored incident; {@code scoringMicros} negative when the incident did not say. */
  public void incident(String service, String rootCause, String modelId, long scoringMicros) {
    incidents.labelValues(service, rootCause).inc();
    if (scoringMicros >= 0) {
      scoring.observe(scoringMicros / 1e6);
    }
    if (modelId != null && !modelId.isBlank()) {
      streamModel.setLabelValues(modelId);
    }
  }

  public void deadLetter(String reason) {
    deadLetters.labelValues(reason).inc();
  }

  public void unreadable(String topic) {
    unreadable.labelValues(topic).inc();
  }

  void apiScore(long nanos) {
    apiScoring.observe(nanos / 1e9);
  }

  MetricSnapshots scrape() {
    return registry.scrape();
  }
}
