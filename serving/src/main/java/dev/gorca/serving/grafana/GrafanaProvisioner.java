package dev.gorca.serving.grafana;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes Grafana show gorca's incident store: the data source, the folder, then every dashboard, each created or
 * updated in place by its fixed uid, so running it again changes nothing that is already right.
 */
public final class GrafanaProvisioner {
  public static final String FOLDER_UID = "gorca";
  public static final String FOLDER_TITLE = "gorca";

  private final DatasourceUpsert datasources;
  private final FolderUpsert folders;
  private final DashboardUpsert dashboards;
  private final Consumer<Provisioned> progress;

  /** @param progress told about each object as soon as it is done */
  public GrafanaProvisioner(GrafanaClient grafana, Consumer<Provisioned> progress) {
    this.datasources = new DatasourceUpsert(grafana);
    this.folders = new FolderUpsert(grafana);
    this.dashboards = new DashboardUpsert(grafana);
    this.progress = Objects.requireNonNull(progress, "progress == null");
  }

  public List<Provisioned> provision(PostgresDatasource datasource, List<Dashboard> toSave) {
    Objects.requireNonNull(datasource, "datasource == null");
    Objects.requireNonNull(toSave, "toSave == null");
    List<Provisioned> done = new ArrayList<>();
    done.add(report(datasources.apply(datasource)));
    done.add(report(folders.apply(FOLDER_UID, FOLDER_TITLE)));
    for (Dashboard dashboard : toSave) {
      done.add(report(dashboards.apply(dashboard, FOLDER_UID)));
    }
    return List.copyOf(done);
  }

  private Provisioned report(Provisioned provisioned) {
    progress.accept(provisioned);
    return provisioned;
  }
}
