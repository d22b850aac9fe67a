package dev.gorca.model.scoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON and text forms of a diagnosis: what `gorca score` prints and POST /api/score returns. */
public final class ScoreResultJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ScoreResultJson() {}

  public static ObjectNode of(ScoreResult r) {
    ObjectNode node = JSON.objectNode();
    ArrayNode top = node.putArray("top");
    for (ScoreResult.Ranked ranked : r.top()) {
      ObjectNode t = top.addObject();
      t.put("root_cause", ranked.rootCause());
      t.put("probability", Math.round(ranked.probability() * 10_000) / 10_000.0);
    }
    ArrayNode explanation = node.putArray("explanation");
    for (Explainer.Reason reason : r.explanation()) {
      ObjectNode e = explanation.addObject();
      e.put("sentence", reason.sentence());
      e.put("contribution", Math.round(reason.contribution() * 1000) / 1000.0);
      ArrayNode features = e.putArray("features");
      reason.features().forEach(features::add);
    }
    if (r.suspect() == null) node.putNull("suspect");
    else {
      Suspect s = r.suspect();
      ObjectNode suspect = node.putObject("suspect");
      suspect.put("sentence", s.sentence());
      suspect.put("kind", s.kind());
      suspect.put("function", s.function());
      suspect.put("file", s.file());
      suspect.put("line", s.line());
      suspect.put("goroutines", s.goroutines());
      suspect.put("state", s.state());
      suspect.put("wait_minutes", s.waitMinutes());
      suspect.put("created_by", s.createdBy());
    }
    node.put("title", r.title());
    node.put("remediation", r.remediation());
    ObjectNode model = node.putObject("model");
    model.put("id", r.modelId());
    model.put("feature_schema", r.featureSchema());
    ArrayNode inputs = node.putArray("inputs");
    r.inputs().forEach(inputs::add);
    ObjectNode novelty = node.putObject("novelty");
    novelty.put("score", Math.round(r.novelty() * 10_000) / 10_000.0);
    novelty.put("novel", r.novel());
    return node;
  }

  public static String text(ScoreResult r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%s (%s) — %.0f%%%n", r.title(), r.top().get(0).rootCause(), r.top().get(0).probability() * 100));
    for (int i = 1; i < r.top().size(); i++) {
      out.append(String.format("  then %s %.0f%%%n", r.top().get(i).rootCause(), r.top().get(i).probability() * 100));
    }
    if (r.novel()) out.append("  NOVEL: unlike anything the model was trained on — review before trusting it\n");
    out.append("\nWhy:\n");
    for (Explainer.Reason reason : r.explanation()) out.append("  - ").append(reason.sentence()).append('\n');
    if (r.suspect() != null) out.append("\nLook at: ").append(r.suspect().sentence()).append('\n');
    out.append("\nWhat to do:\n").append(r.remediation()).append('\n');
    out.append(String.format("%nmodel %s, features %s, inputs %s%n", r.modelId(), r.featureSchema(), r.inputs()));
    return out.toString();
  }
}
