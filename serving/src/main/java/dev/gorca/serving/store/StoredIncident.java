package dev.gorca.serving.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An incident as the store keeps it: what happened, what the model said and why, and the features it saw. Kept free
 * of the streaming job's types so the store and its readers (HTTP API, learning loop) need no Flink.
 *
 * @param crashKind and {@code crashMessage}: null for live incidents
 * @param causes the model's top causes, most likely first, at most three
 * @param features feature name to value; NaN means "not measured" (stored as JSON null). Order is not kept: look
 *     values up by the model's feature list
 * @param explanationJson and {@code suspectJson}: JSON documents as the scorer wrote them, or null
 * @param inputs which inputs the incident was built from, e.g. crash, metrics, dump
 * @param novelty how unlike the training data the features are; NaN when not computed
 * @param documentJson the whole incident as the incidents topic carries it (docs/events.md, "Incident": crash
 *     summary, goroutine buckets, metric history), or null when only the columns above were stored
 * @param createdAt when the store first saw the incident; null on a record not yet stored
 */
public record StoredIncident(
    String incidentId,
    String service,
    String instance,
    long tsMs,
    IncidentType type,
    String crashKind,
    String crashMessage,
    List<RankedCause> causes,
    String modelId,
    String featureSchema,
    Map<String, Double> features,
    String explanationJson,
    String suspectJson,
    List<String> inputs,
    double novelty,
    String documentJson,
    Instant createdAt) {
  public static final int MAX_CAUSES = 3;

  public StoredIncident {
    requireText("incidentId", incidentId);
    requireText("service", service);
    requireText("instance", instance);
    if (tsMs < 0) {
      throw new IllegalArgumentException("expected ts_ms >= 0 (epoch millis), found " + tsMs + " for " + incidentId);
    }
    Objects.requireNonNull(type, "type == null");
    causes = List.copyOf(Objects.requireNonNull(causes, "causes == null"));
    if (causes.size() > MAX_CAUSES) {
      throw new IllegalArgumentException("expected at most " + MAX_CAUSES + " causes, found " + causes.size()
          + " for " + incidentId + "; keep the top " + MAX_CAUSES);
    }
    requireText("modelId", modelId);
    requireText("featureSchema", featureSchema);
    features = Map.copyOf(Objects.requireNonNull(features, "features == null"));
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs == null"));
  }

  /** The same incident as the store returns it, with its first-seen time. */
  public StoredIncident withCreatedAt(Instant created) {
    return new StoredIncident(incidentId, service, instance, tsMs, type, crashKind, crashMessage, causes, modelId,
        featureSchema, features, explanationJson, suspectJson, inputs, novelty, documentJson, created);
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("expected a non-blank " + name + ", found \"" + value + "\"");
    }
  }
}
