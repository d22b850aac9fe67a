package dev.gorca.serving.cli;

import dev.gorca.serving.grafana.DashboardCatalog;
import dev.gorca.serving.grafana.GrafanaClient;
import dev.gorca.serving.grafana.GrafanaException;
import dev.gorca.serving.grafana.GrafanaProvisioner;
import dev.gorca.serving.grafana.PostgresDatasource;
import dev.gorca.serving.grafana.Provisioned;
import dev.gorca.serving.grafana.RetryPolicy;
import dev.gorca.serving.grafana.Sleeper;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca grafana provision}: the incident-store data source, the gorca folder and the dashboards, by uid. */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update, by fixed uid, through Grafana's HTTP API: the PostgreSQL data source '"
          + PostgresDatasource.UID + "' reading the incident store, the folder '" + GrafanaProvisioner.FOLDER_UID
          + "', and gorca's dashboards in it. Running it again changes only what differs.",
      "The token needs the Admin role (docs/grafana.md)."
    })
final class GrafanaProvisionCommand implements Callable<Integer> {
  static final String TOKEN_ENV = "GORCA_GRAFANA_TOKEN";
  static final String PASSWORD_ENV = "GORCA_GRAFANA_DATASOURCE_PASSWORD";
  /** Exit code when Grafana refused or could not be reached (2 is bad usage). */
  static final int GRAFANA_FAILED = 3;

  @Option(names = "--url", required = true, paramLabel = "URL", description = "Grafana's base URL, e.g. http://localhost:3000.")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:" + TOKEN_ENV + "}",
      description = "A Grafana service account token with the Admin role (default: $" + TOKEN_ENV + ").")
  String token;

  @Option(names = "--datasource-url", paramLabel = "HOST:PORT/DB|JDBC-URL", defaultValue = "localhost:5432/postgres",
      description = "Where Grafana reaches the incident store: host:port/db or jdbc:postgresql://host:port/db?user=&password=&sslmode= (default: ${DEFAULT-VALUE}).")
  String datasourceUrl;

  @Option(names = "--datasource-user", paramLabel = "USER", description = "Database user Grafana logs in as (default: the URL's user, else postgres). Give it SELECT only.")
  String datasourceUser;

  @Option(names = "--datasource-password", paramLabel = "PASSWORD", defaultValue = "${env:" + PASSWORD_ENV + "}",
      description = "Its password, stored encrypted by Grafana (default: $" + PASSWORD_ENV + ", else the URL's; none: keep what Grafana has).")
  String datasourcePassword;

  @Option(names = "--sslmode", paramLabel = "MODE", description = "disable, require, verify-ca or verify-full (default: the URL's sslmode, else disable).")
  String sslMode;

  @Option(names = "--datasource-name", paramLabel = "NAME", defaultValue = PostgresDatasource.DEFAULT_NAME,
      description = "The data source's name in Grafana (default: ${DEFAULT-VALUE}); its uid stays " + PostgresDatasource.UID + ".")
  String datasourceName;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
      description = "Tries per request when Grafana answers 5xx or cannot be reached, with exponential backoff (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (token == null || token.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--token=TOKEN' (or set " + TOKEN_ENV + ")");
    }
    if (maxAttempts < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "expected --max-attempts >= 1, found " + maxAttempts);
    }
    PostgresDatasource datasource;
    GrafanaClient grafana;
    try {
      datasource = PostgresDatasource.parse(datasourceUrl, datasourceName, datasourceUser, datasourcePassword, sslMode);
      grafana = GrafanaClient.create(url, token, RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts), Sleeper.REAL);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("provisioning " + grafana.baseUrl() + " (data source " + datasource + ")");
    out.flush();
    try {
      List<Provisioned> done = new GrafanaProvisioner(grafana, provisioned -> {
        out.println(provisioned.line());
        out.flush();
      }).provision(datasource, DashboardCatalog.load());
      out.printf("done: %d objects, %d created, %d updated, %d unchanged%n", done.size(),
          count(done, Provisioned.Action.CREATED), count(done, Provisioned.Action.UPDATED),
          count(done, Provisioned.Action.UNCHANGED));
      out.flush();
      return 0;
    } catch (GrafanaException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("gorca grafana provision: " + e.getMessage());
      err.flush();
      return GRAFANA_FAILED;
    }
  }

  private static long count(List<Provisioned> done, Provisioned.Action action) {
    return done.stream().filter(p -> p.action() == action).count();
  }
}
