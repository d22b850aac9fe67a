package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.grafana.GrafanaClient.Repeat;
import dev.gorca.serving.grafana.Provisioned.Action;
import dev.gorca.serving.grafana.Provisioned.Kind;
import java.util.Objects;

/**
 * Saves one dashboard into the folder by its uid: {@code GET /api/dashboards/uid/{uid}} tells created, updated or
 * unchanged; {@code POST /api/dashboards/db} with {@code overwrite: true} saves it (the same request twice gives the
 * same dashboard, so it is retried like a PUT).
 */
final class DashboardUpsert {
  static final String MESSAGE = "gorca grafana provision";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GrafanaClient grafana;

  DashboardUpsert(GrafanaClient grafana) {
    this.grafana = Objects.requireNonNull(grafana, "grafana == null");
  }

  Provisioned apply(Dashboard dashboard, String folderUid) {
    GrafanaResponse existing = grafana.get("api", "dashboards", "uid", dashboard.uid());
    Action action;
    if (existing.code() == 404) {
      action = Action.CREATED;
    } else {
      existing.requireSuccess();
      boolean sameFolder = folderUid.equals(existing.body().path("meta").path("folderUid").asText());
      if (sameFolder && JsonContains.contains(existing.body().path("dashboard"), dashboard.json())) {
        return new Provisioned(Kind.DASHBOARD, dashboard.uid(), dashboard.title(), Action.UNCHANGED);
      }
      action = Action.UPDATED;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("dashboard", dashboard.json().deepCopy());
    body.put("folderUid", folderUid).put("overwrite", true).put("message", MESSAGE);
    GrafanaResponse saved = grafana.post(body, Repeat.SAFE, "api", "dashboards", "db");
    if (saved.code() == 412) {
      throw new GrafanaException("Grafana refused to save dashboard " + dashboard.uid() + " (412 " + saved.status()
          + ": \"" + saved.message() + "\"); " + advice(saved.status(), dashboard));
    }
    saved.requireSuccess();
    return new Provisioned(Kind.DASHBOARD, dashboard.uid(), dashboard.title(), action);
  }

  /** What to do about each 412 reason the dashboard API documents. */
  private static String advice(String status, Dashboard dashboard) {
    return switch (status) {
      case "name-exists" -> "another dashboard titled \"" + dashboard.title() + "\" is in the way; rename or delete it"
          + " in Grafana and run the command again";
      case "version-mismatch" -> "it changed while we saved it; run the command again";
      case "plugin-dashboard" -> "a plugin owns a dashboard with this uid; remove that plugin's dashboard first";
      default -> "run the command again; if it repeats, look at Grafana's log";
    };
  }
}
