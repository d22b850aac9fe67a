package dev.gorca.model.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** provenance.json: field by field, so the file format is written down here and not by reflection. */
final class ProvenanceJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final int FORMAT = 1;

  private ProvenanceJson() {}

  static byte[] write(Provenance p) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("model_id", p.modelId());
    root.put("trained_at", p.trainedAt().toString());
    root.put("feature_schema_version", p.featureSchemaVersion());
    p.featureNames().forEach(root.putArray("feature_names")::add);
    p.classNames().forEach(root.putArray("class_names")::add);
    root.put("training_data_sha256", p.trainingDataHash());
    ObjectNode rows = root.putObject("rows_per_class");
    p.rowsPerClass().forEach(rows::put);
    ObjectNode parameters = root.putObject("parameters");
    p.parameters().forEach(parameters::put);
    root.put("seed", p.seed());
    root.put("lightgbm_version", p.lightGbmVersion());
    root.put("java_version", p.javaVersion());
    if (p.parentModelId() == null) root.putNull("parent_model_id"); else root.put("parent_model_id", p.parentModelId());
    ObjectNode metrics = root.putObject("metrics");
    p.metrics().forEach(metrics::put);
    root.put("notes", p.notes());
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write provenance of " + p.modelId(), e);
    }
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  static Provenance read(byte[] bytes) throws IOException {
    JsonNode root = JSON.readTree(bytes);
    if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
    int format = required(root, "format").asInt();
    if (format != FORMAT) throw new IllegalArgumentException("field format is " + format + ", this version reads " + FORMAT);
    Map<String, Integer> rows = new LinkedHashMap<>();
    required(root, "rows_per_class").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asInt()));
    Map<String, String> parameters = new LinkedHashMap<>();
    required(root, "parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    required(root, "metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
    JsonNode parent = required(root, "parent_model_id");
    return new Provenance(
        required(root, "model_id").asText(),
        Instant.parse(required(root, "trained_at").asText()),
        required(root, "feature_schema_version").asText(),
        strings(required(root, "feature_names")),
        strings(required(root, "class_names")),
        required(root, "training_data_sha256").asText(),
        rows,
        parameters,
        required(root, "seed").asLong(),
        required(root, "lightgbm_version").asText(),
        required(root, "java_version").asText(),
        parent.isNull() ? null : parent.asText(),
        metrics,
        required(root, "notes").asText());
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null) throw new IllegalArgumentException("field " + field + " is missing");
    return node;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
