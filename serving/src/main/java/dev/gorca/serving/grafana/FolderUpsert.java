package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.grafana.GrafanaClient.Repeat;
import dev.gorca.serving.grafana.Provisioned.Action;
import dev.gorca.serving.grafana.Provisioned.Kind;
import java.util.Objects;

/**
 * Creates the dashboards' folder or renames it back, by its fixed uid: {@code GET /api/folders/{uid}}, then {@code
 * POST /api/folders} or {@code PUT /api/folders/{uid}} with the version just read. When someone changed the folder in
 * between (412 version-mismatch) it reads the new version and tries once more, as the API documents.
 */
final class FolderUpsert {
  /** Reads of the version before giving up on a folder that keeps changing under us. */
  static final int VERSION_ATTEMPTS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GrafanaClient grafana;

  FolderUpsert(GrafanaClient grafana) {
    this.grafana = Objects.requireNonNull(grafana, "grafana == null");
  }

  Provisioned apply(String uid, String title) {
    GrafanaResponse existing = fetch(uid);
    if (existing.code() == 404) {
      ObjectNode body = JSON.createObjectNode().put("uid", uid).put("title", title);
      // Fixed uid: a repeated create finds the first one (409), handled below.
      GrafanaResponse created = grafana.post(body, Repeat.SAFE, "api", "folders");
      if (created.code() != 409) {
        created.requireSuccess();
        return new Provisioned(Kind.FOLDER, uid, title, Action.CREATED);
      }
      existing = fetch(uid);
      if (existing.code() == 404) {
        throw new GrafanaException("Grafana refused to create folder \"" + title + "\" (409: \"" + created.message()
            + "\"): a folder with that title but not uid " + uid + " exists; rename or delete it in Grafana");
      }
    }
    for (int attempt = 1; ; attempt++) {
      existing.requireSuccess();
      if (title.equals(existing.body().path("title").asText())) {
        return new Provisioned(Kind.FOLDER, uid, title, Action.UNCHANGED);
      }
      ObjectNode body = JSON.createObjectNode().put("title", title).put("version",
          existing.body().path("version").asInt());
      GrafanaResponse updated = grafana.put(body, "api", "folders", uid);
      if (updated.code() != 412) {
        updated.requireSuccess();
        return new Provisioned(Kind.FOLDER, uid, title, Action.UPDATED);
      }
      if (attempt >= VERSION_ATTEMPTS) {
        throw new GrafanaException("Grafana refused to update folder " + uid + " (412 " + updated.status() + ": \""
            + updated.message() + "\") " + attempt + " times: someone keeps changing it; run the command again");
      }
      existing = fetch(uid);
    }
  }

  private GrafanaResponse fetch(String uid) {
    return grafana.get("api", "folders", uid);
  }
}
