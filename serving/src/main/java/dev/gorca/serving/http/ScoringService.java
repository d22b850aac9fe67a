package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsFile;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.scoring.ScoreResultJson;
import dev.gorca.model.scoring.Scorer;
import dev.gorca.serving.score.TextScoring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/score}: reads the request, scores it with the registry's current model through
 * {@link TextScoring} (what {@code gorca score} uses), and answers {@code ScoreResultJson}. A promotion in the
 * registry is picked up on the next request.
 */
final class ScoringService implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DirectoryModelRegistry registry;
  private final Clock clock;
  private Scorer scorer;
  /** Scorers replaced by a promotion: a request may still use one, so they are closed with the server. */
  private final List<Scorer> retired = new ArrayList<>();

  ScoringService(DirectoryModelRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  ObjectNode score(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw ApiException.badRequest("expected a JSON object {\"crash\": \"...\", \"dump\": \"...\", \"metrics\": [...]}");
    }
    String crash = text(request, "crash");
    String dump = text(request, "dump");
    List<MetricSample> samples = samples(request.get("metrics"));
    if (crash == null && dump == null && samples.isEmpty()) {
      throw ApiException.badRequest("expected at least one of crash, dump or metrics; found none");
    }
    return ScoreResultJson.of(TextScoring.score(scorer(), crash, dump, samples, clock.millis()));
  }

  private synchronized Scorer scorer() {
    Optional<String> current = registry.current();
    if (current.isEmpty()) {
      throw ApiException.unavailable("the model registry " + registry.root() + " has no current model;"
          + " train and promote one (gorca train)");
    }
    if (scorer == null || !scorer.modelId().equals(current.get())) {
      Scorer next = Scorer.current(registry, FeatureSchema.current());
      if (scorer != null) {
        retired.add(scorer);
      }
      scorer = next;
    }
    return scorer;
  }

  private static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("expected " + field + " to be a string (the text as Go printed it), found "
          + node.getNodeType().toString().toLowerCase());
    }
    return node.asText();
  }

  /** Samples in the metrics file form, one object per sample, read by the same reader as the CLI's files. */
  private static List<MetricSample> samples(JsonNode metrics) {
    if (metrics == null || metrics.isNull()) {
      return List.of();
    }
    if (!metrics.isArray()) {
      throw ApiException.badRequest("expected metrics to be an array of samples such as"
          + " {\"ts_ms\": 1700000000000, \"go_goroutines\": 12}, found " + metrics.getNodeType().toString().toLowerCase());
    }
    StringBuilder lines = new StringBuilder();
    for (JsonNode sample : metrics) {
      lines.append(sample.toString()).append('\n');
    }
    MetricsFile file;
    try {
      file = MetricsJsonLines.read(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!file.warnings().isEmpty()) {
      LineWarning first = file.warnings().get(0);
      throw ApiException.badRequest("metrics[" + (first.line() - 1) + "]: " + first.message());
    }
    return file.samples();
  }

  @Override
  public synchronized void close() {
    if (scorer != null) {
      scorer.close();
      scorer = null;
    }
    retired.forEach(Scorer::close);
    retired.clear();
  }
}
