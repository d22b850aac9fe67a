package dev.gorca.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.model.taxonomy.Playbook;
import dev.gorca.model.taxonomy.Playbooks;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.StoredIncident;
import java.util.List;
import java.util.Optional;

/**
 * The JSON the API answers about incidents, and the incident document the detail page reads: the stored
 * {@code gorca.incident/v1} document, or one rebuilt from the store's columns when only those were kept.
 */
final class IncidentViews {
  static final ObjectMapper JSON = new ObjectMapper();

  private IncidentViews() {}

  /** A row of {@code GET /api/incidents}. */
  static ObjectNode summary(StoredIncident incident, Label latestLabel) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", incident.incidentId());
    node.put("service", incident.service());
    node.put("instance", incident.instance());
    node.put("ts_ms", incident.tsMs());
    node.put("type", incident.type().id());
    node.set("top", top(incident.causes()));
    node.put("model_id", incident.modelId());
    node.set("label", latestLabel == null ? null : label(latestLabel));
    return node;
  }

  static ArrayNode top(List<RankedCause> causes) {
    ArrayNode top = JSON.createArrayNode();
    for (RankedCause cause : causes) {
      top.addObject().put("root_cause", cause.cause()).put("probability", cause.probability());
    }
    return top;
  }

  static ObjectNode label(Label label) {
    return JSON.createObjectNode().put("root_cause", label.rootCause()).put("operator", label.operator())
        .put("comment", label.comment()).put("ts_ms", label.tsMs());
  }

  /** The model's margin p(top1) - p(top2): how sure it was. */
  static double margin(StoredIncident incident) {
    List<RankedCause> causes = incident.causes();
    if (causes.isEmpty()) {
      return 0;
    }
    return causes.get(0).probability() - (causes.size() > 1 ? causes.get(1).probability() : 0);
  }

  /** The incident document as the topic carried it, or rebuilt from the columns. */
  static ObjectNode document(StoredIncident incident) {
    if (incident.documentJson() != null) {
      JsonNode stored = read(incident.documentJson());
      if (stored instanceof ObjectNode object) {
        return object.deepCopy();
      }
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", "gorca.incident/v1");
    node.put("id", incident.incidentId());
    node.put("service", incident.service());
    node.put("instance", incident.instance());
    node.put("ts_ms", incident.tsMs());
    node.put("type", incident.type().id());
    if (incident.crashKind() == null && incident.crashMessage() == null) {
      node.putNull("crash");
    } else {
      node.putObject("crash").put("kind", incident.crashKind()).put("message", incident.crashMessage());
    }
    node.set("top", top(incident.causes()));
    JsonNode explanation = incident.explanationJson() == null ? null : read(incident.explanationJson());
    node.set("explanation", explanation != null && explanation.isArray() ? explanation : JSON.createArrayNode());
    JsonNode suspect = incident.suspectJson() == null ? null : read(incident.suspectJson());
    node.set("suspect", suspect != null && suspect.isObject() && suspect.has("sentence") ? suspect : null);
    node.putObject("model").put("id", incident.modelId()).put("feature_schema", incident.featureSchema());
    node.set("inputs", JSON.valueToTree(incident.inputs()));
    node.putArray("buckets");
    node.putObject("history").putArray("ts_ms");
    return node;
  }

  /** {@code GET /api/incidents/{id}}: the document with its labels, similar incidents and playbook. */
  static ObjectNode detail(StoredIncident incident, List<Label> labels, List<StoredIncident> similar) {
    ObjectNode node = document(incident);
    node.put("model_id", incident.modelId());
    node.put("margin", margin(incident));
    ArrayNode labelNodes = node.putArray("labels");
    labels.forEach(l -> labelNodes.add(label(l)));
    node.set("label", labels.isEmpty() ? null : label(labels.get(0)));
    ArrayNode similarNodes = node.putArray("similar");
    similar.forEach(s -> similarNodes.add(summary(s, null)));
    node.set("playbook", filedCause(incident, labels).map(c -> playbook(Playbooks.forCause(c))).orElse(null));
    return node;
  }

  /** The cause the incident is filed under: the latest label's, else the model's top cause. */
  static Optional<RootCause> filedCause(StoredIncident incident, List<Label> labels) {
    if (!labels.isEmpty()) {
      return RootCause.parse(labels.get(0).rootCause());
    }
    return incident.causes().isEmpty() ? Optional.empty() : RootCause.parse(incident.causes().get(0).cause());
  }

  static ObjectNode playbook(Playbook p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("root_cause", p.cause().id());
    node.put("title", p.cause().title());
    node.put("summary", p.cause().summary());
    node.put("description", p.description());
    node.set("typical_bugs", JSON.valueToTree(p.typicalBugs()));
    node.putObject("how_it_shows").put("crash", p.howItShows().crash()).put("metrics", p.howItShows().metrics())
        .put("dump", p.howItShows().dump());
    ArrayNode apart = node.putArray("tell_apart");
    p.tellApart().forEach(d -> apart.addObject().put("other", d.other().id()).put("how", d.how()));
    node.set("what_to_check", JSON.valueToTree(p.whatToCheck()));
    node.set("how_to_fix", JSON.valueToTree(p.howToFix()));
    node.set("references", JSON.valueToTree(p.references()));
    return node;
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
