package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.Provenance;
import dev.gorca.model.training.ModelArtifacts;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.LabelAgreement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the model page and {@code GET /api/models} show: every version in the registry with its provenance and
 * evaluation (the leave-program-out report with per-class metrics and confusion matrix), which one is live, the
 * promotion history, and operators' agreement with the model per day.
 */
final class ModelCatalog {
  /** The evaluation the model page leads with: all inputs, calibrated, programs held out. */
  static final String HEADLINE_EVALUATION = "leave_program_out/full";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DirectoryModelRegistry registry;
  private final IncidentStore store;

  ModelCatalog(DirectoryModelRegistry registry, IncidentStore store) {
    this.registry = registry;
    this.store = store;
  }

  Optional<String> current() {
    return registry.current();
  }

  ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    String current = registry.current().orElse(null);
    root.put("current", current);
    ArrayNode versions = root.putArray("versions");
    List<Provenance> all = registry.list();
    for (int i = all.size() - 1; i >= 0; i--) {
      versions.add(version(all.get(i), current));
    }
    ArrayNode history = root.putArray("history");
    for (DirectoryModelRegistry.Promotion p : registry.history()) {
      history.addObject().put("at", p.at().toString()).put("action", p.action()).put("model_id", p.modelId())
          .put("previous_model_id", p.previousModelId());
    }
    ArrayNode agreement = root.putArray("agreement");
    for (LabelAgreement day : store.labelAgreement(0)) {
      agreement.addObject().put("day_start_ms", day.dayStartMs()).put("labels", day.labels())
          .put("confirmed", day.confirmed()).put("share", day.share());
    }
    return root;
  }

  private ObjectNode version(Provenance p, String current) {
    ObjectNode v = JSON.createObjectNode();
    v.put("id", p.modelId());
    v.put("live", p.modelId().equals(current));
    v.put("trained_at", p.trainedAt().toString());
    v.put("feature_schema", p.featureSchemaVersion());
    v.put("parent", p.parentModelId());
    v.put("notes", p.notes());
    v.set("classes", JSON.valueToTree(p.classNames()));
    v.set("rows_per_class", JSON.valueToTree(p.rowsPerClass()));
    v.set("training_metrics", JSON.valueToTree(p.metrics()));
    v.set("evaluation", evaluation(p.modelId()));
    return v;
  }

  /** The version's evaluation.json, or null when it has none or it does not read. */
  private JsonNode evaluation(String modelId) {
    Path file = registry.root().resolve(modelId).resolve(ModelArtifacts.EVALUATION_JSON);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }
}
