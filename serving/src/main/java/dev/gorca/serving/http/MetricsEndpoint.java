package dev.gorca.serving.http;

import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.LabelAgreement;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /metrics} in the Prometheus text format: {@link PipelineMetrics} plus what is read from the store and
 * the registry at scrape time (labels by agreement with the model, the registry's live model).
 */
final class MetricsEndpoint {
  private final PipelineMetrics pipeline;
  private final IncidentStore store;
  private final ModelCatalog models;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  MetricsEndpoint(PipelineMetrics pipeline, IncidentStore store, ModelCatalog models) {
    this.pipeline = pipeline;
    this.store = store;
    this.models = models;
  }

  String contentType() {
    return writer.getContentType();
  }

  byte[] scrape() {
    List<MetricSnapshot> all = new ArrayList<>();
    pipeline.scrape().forEach(all::add);
    all.add(labels());
    models.current().ifPresent(id -> all.add(InfoSnapshot.builder().name("gorca_model")
        .help("The model version the registry serves (its CURRENT)")
        .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("model_id", id)).build())
        .build()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, new MetricSnapshots(all));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private GaugeSnapshot labels() {
    long confirmed = 0;
    long corrected = 0;
    for (LabelAgreement day : store.labelAgreement(0)) {
      confirmed += day.confirmed();
      corrected += day.labels() - day.confirmed();
    }
    return GaugeSnapshot.builder().name("gorca_labels")
        .help("Operators' labels in the store: confirmed = the model's top cause, corrected = another cause")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("agreement", "confirmed"))
            .value(confirmed).build())
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("agreement", "corrected"))
            .value(corrected).build())
        .build();
  }
}
