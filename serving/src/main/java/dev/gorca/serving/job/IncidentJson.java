package dev.gorca.serving.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.extract.MetricPoint;
import dev.gorca.features.extract.TrackedMetric;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.schema.FeatureSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON of a scored incident on the incidents topic (docs/events.md, "Incident"). Thread-safe. */
public final class IncidentJson {
  public static final String SCHEMA = "gorca.incident/v1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IncidentJson() {}

  public static byte[] encode(ScoredIncident scored) {
    return of(scored).toString().getBytes(StandardCharsets.UTF_8);
  }

  public static ObjectNode of(ScoredIncident scored) {
    Incident incident = scored.incident;
    ObjectNode node = MAPPER.createObjectNode();
    node.put("schema", SCHEMA);
    node.put("id", incident.incidentId);
    node.put("service", incident.service);
    node.put("instance", incident.instance);
    node.put("ts_ms", incident.tsMs);
    node.put("type", incident.type);
    if (incident.crash == null) {
      node.putNull("crash");
    } else {
      ObjectNode crash = node.putObject("crash");
      crash.put("kind", incident.crash.kind);
      crash.put("message", incident.crash.message);
      crash.put("signal", incident.crash.signal);
      crash.put("exit_code", incident.crash.exitCode);
      crash.put("reason", incident.crash.reason);
      crash.put("go_version", incident.crash.goVersion);
      crash.put("goroutines", incident.crash.goroutines);
      crash.put("fingerprint", incident.crash.fingerprint);
    }
    ObjectNode score = parse(scored.scoreJson);
    for (String field : List.of("top", "explanation", "suspect", "title", "remediation", "model", "inputs", "novelty")) {
      node.set(field, score.get(field));
    }
    if (Incident.LIVE.equals(incident.type)) {
      ObjectNode live = node.putObject("live");
      live.put("reason", incident.liveReason);
      live.put("resource", incident.liveResource);
      putFinite(live, "seconds_to_exhaustion", incident.secondsToExhaustion);
    } else {
      node.putNull("live");
    }
    node.put("scoring_us", scored.scoringMicros);
    node.set("buckets", buckets(incident.topBuckets));
    node.set("history", history(incident.history));
    node.set("features", features(incident));
    return node;
  }

  private static ArrayNode buckets(BucketSummary[] buckets) {
    ArrayNode array = MAPPER.createArrayNode();
    for (BucketSummary bucket : buckets == null ? new BucketSummary[0] : buckets) {
      ObjectNode node = array.addObject();
      node.put("count", bucket.count);
      node.put("state", bucket.state);
      node.put("category", bucket.category);
      node.put("min_wait_minutes", bucket.minWaitMinutes);
      node.put("max_wait_minutes", bucket.maxWaitMinutes);
      node.put("function", bucket.function);
      node.put("file", bucket.file);
      node.put("line", bucket.line);
      node.put("created_by", bucket.createdBy);
      node.put("created_by_file", bucket.createdByFile);
      node.put("created_by_line", bucket.createdByLine);
    }
    return array;
  }

  /** Column form, {"ts_ms": [...], "series": {"go_goroutines": [...], ...}}: compact, and what a chart wants. */
  private static ObjectNode history(MetricPoint[] points) {
    ObjectNode history = MAPPER.createObjectNode();
    ArrayNode times = history.putArray("ts_ms");
    ObjectNode series = history.putObject("series");
    MetricPoint[] samples = points == null ? new MetricPoint[0] : points;
    for (MetricPoint point : samples) times.add(point.tsMs);
    for (TrackedMetric metric : TrackedMetric.values()) {
      ArrayNode values = MAPPER.createArrayNode();
      boolean any = false;
      for (MetricPoint point : samples) {
        double value = point.get(metric);
        if (Double.isFinite(value)) {
          values.add(value);
          any = true;
        } else {
          values.addNull();
        }
      }
      if (any) series.set(metric.key(), values);
    }
    return history;
  }

  private static ObjectNode features(Incident incident) {
    ObjectNode features = MAPPER.createObjectNode();
    FeatureSchema schema = FeatureSchema.current();
    double[] values = incident.features == null ? new double[0] : incident.features;
    // Names only when the vector is of this build's schema; otherwise by position, never mislabelled.
    boolean named = schema.version().equals(incident.featureSchema) && values.length == schema.size();
    for (int i = 0; i < values.length; i++) {
      putFinite(features, named ? schema.names().get(i) : "f" + i, values[i]);
    }
    return features;
  }

  /** NaN (missing) and infinities become null: JSON has no NaN. */
  private static void putFinite(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) node.put(field, value);
    else node.putNull(field);
  }

  private static ObjectNode parse(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return (ObjectNode) node;
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("ScoreIncidents wrote a score that is not a JSON object: " + json, e);
    }
  }
}
