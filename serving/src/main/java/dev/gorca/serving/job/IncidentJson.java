package dev.gorca.serving.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    node.set("features", features(incident));
    return node;
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
