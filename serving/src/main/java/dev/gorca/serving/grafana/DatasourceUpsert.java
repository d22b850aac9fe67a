package dev.gorca.serving.grafana;

import dev.gorca.serving.grafana.GrafanaClient.Repeat;
import dev.gorca.serving.grafana.Provisioned.Action;
import dev.gorca.serving.grafana.Provisioned.Kind;
import java.util.Objects;

/**
 * Creates the incident-store data source or brings it up to date, by its fixed uid: {@code GET
 * /api/datasources/uid/{uid}}, then {@code POST /api/datasources} when it is missing or {@code PUT
 * /api/datasources/uid/{uid}} when it differs.
 */
final class DatasourceUpsert {
  private final GrafanaClient grafana;

  DatasourceUpsert(GrafanaClient grafana) {
    this.grafana = Objects.requireNonNull(grafana, "grafana == null");
  }

  Provisioned apply(PostgresDatasource datasource) {
    GrafanaResponse existing = fetch();
    if (existing.code() == 404) {
      // The uid is fixed, so repeating a create cannot make a second data source: a repeat that finds the first
      // one landed gets 409, handled below.
      GrafanaResponse created = grafana.post(datasource.toJson(), Repeat.SAFE, "api", "datasources");
      if (created.code() != 409) {
        created.requireSuccess();
        return outcome(datasource, Action.CREATED);
      }
      existing = fetch();
      if (existing.code() == 404) {
        throw new GrafanaException("Grafana refused to create data source \"" + datasource.name() + "\" (409: \""
            + created.message() + "\"): another data source already has that name but not uid "
            + PostgresDatasource.UID + "; rename or delete it in Grafana, or pick another name with"
            + " --datasource-name");
      }
    }
    existing.requireSuccess();
    // Grafana never shows a stored password back: with a password given we cannot know it is the same, so we send it.
    if (datasource.password() == null && JsonContains.contains(existing.body(), datasource.withoutSecrets())) {
      return outcome(datasource, Action.UNCHANGED);
    }
    GrafanaResponse updated = grafana.put(datasource.toJson(), "api", "datasources", "uid", PostgresDatasource.UID);
    if (updated.code() == 409) {
      throw new GrafanaException("Grafana refused to update data source " + PostgresDatasource.UID + " (409: \""
          + updated.message() + "\"): another data source is named \"" + datasource.name()
          + "\"; pick another name with --datasource-name or rename that one");
    }
    updated.requireSuccess();
    return outcome(datasource, Action.UPDATED);
  }

  private GrafanaResponse fetch() {
    return grafana.get("api", "datasources", "uid", PostgresDatasource.UID);
  }

  private static Provisioned outcome(PostgresDatasource datasource, Action action) {
    return new Provisioned(Kind.DATASOURCE, PostgresDatasource.UID, datasource.name(), action);
  }
}
