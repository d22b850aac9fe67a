package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One dashboard as it lives in the repository: Grafana's dashboard model, keyed by its uid. */
public record Dashboard(String file, ObjectNode json) {
  /** Grafana's limit on uids. */
  public static final int MAX_UID_LENGTH = 40;

  public Dashboard {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(json, "json == null");
    String uid = json.path("uid").asText("");
    if (uid.isEmpty() || uid.length() > MAX_UID_LENGTH || !uid.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("expected a fixed \"uid\" of 1.." + MAX_UID_LENGTH
          + " letters, digits, '-' or '_' in dashboard " + file + ", found \"" + uid + "\"");
    }
    if (json.path("title").asText("").isBlank()) {
      throw new IllegalArgumentException("expected a \"title\" in dashboard " + file);
    }
    if (json.has("id") || json.has("version")) {
      throw new IllegalArgumentException("expected no \"id\" or \"version\" in dashboard " + file
          + ": Grafana assigns them; the uid identifies the dashboard");
    }
  }

  public String uid() {
    return json.get("uid").asText();
  }

  public String title() {
    return json.get("title").asText();
  }
}
