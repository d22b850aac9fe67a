package dev.gorca.serving.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.flink.Incident;
import dev.gorca.serving.store.IncidentType;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.StoredIncident;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A scored incident as the incident store keeps it: its columns, and the incidents topic's JSON as the document. */
public final class StoredIncidents {
  private StoredIncidents() {}

  public static StoredIncident of(ScoredIncident scored) {
    ObjectNode json = IncidentJson.of(scored);
    Incident incident = scored.incident;
    List<RankedCause> causes = new ArrayList<>();
    for (JsonNode top : json.path("top")) {
      if (causes.size() == StoredIncident.MAX_CAUSES) break;
      causes.add(new RankedCause(top.get("root_cause").asText(), top.get("probability").asDouble()));
    }
    Map<String, Double> features = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("features").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> feature = it.next();
      features.put(feature.getKey(), feature.getValue().isNumber() ? feature.getValue().asDouble() : Double.NaN);
    }
    List<String> inputs = incident.inputs == null ? List.of() : List.of(incident.inputs);
    JsonNode novelty = json.path("novelty").path("score");
    return new StoredIncident(incident.incidentId, incident.service, incident.instance, incident.tsMs,
        IncidentType.byId(incident.type), incident.crash == null ? null : incident.crash.kind,
        incident.crash == null ? null : incident.crash.message, causes, scored.modelId, scored.featureSchema, features,
        text(json.get("explanation")), text(json.get("suspect")), inputs,
        novelty.isNumber() ? novelty.asDouble() : Double.NaN, json.toString(), null);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }
}
