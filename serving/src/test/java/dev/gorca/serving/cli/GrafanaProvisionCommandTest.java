package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.serving.grafana.FakeGrafana;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** {@code gorca grafana provision}: usage, a real run against a fake Grafana, and what a failure looks like. */
class GrafanaProvisionCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void help_names_every_option_and_the_role_the_token_needs() {
    int exit = cli.run("grafana", "provision", "--help");

    assertEquals(0, exit, cli.err.toString());
    String help = cli.out.toString();
    for (String option : List.of("--url=URL", "--token=TOKEN", "--datasource-url=", "--datasource-user=USER",
        "--datasource-password=PASSWORD", "--sslmode=MODE", "--datasource-name=NAME", "--max-attempts=N",
        "GORCA_GRAFANA_DATASOURCE_PASSWORD", "Admin role")) {
      assertTrue(help.contains(option), option + " in:\n" + help);
    }
  }

  @Test
  void without_url_it_exits_2_with_one_line() {
    int exit = cli.run("grafana", "provision", "--token", "t");

    assertEquals(2, exit);
    assertEquals("gorca: Missing required option: '--url=URL' (see 'gorca grafana provision --help')",
        cli.err.toString().strip());
  }

  @Test
  void without_token_it_exits_2_and_names_the_environment_variable() {
    assumeTrue(System.getenv(GrafanaProvisionCommand.TOKEN_ENV) == null, "GORCA_GRAFANA_TOKEN is set here");

    int exit = cli.run("grafana", "provision", "--url", "http://localhost:3000");

    assertEquals(2, exit);
    assertEquals("gorca: Missing required option: '--token=TOKEN' (or set GORCA_GRAFANA_TOKEN) (see 'gorca grafana"
        + " provision --help')", cli.err.toString().strip());
  }

  @Test
  void a_datasource_url_without_database_is_bad_usage() {
    int exit = cli.run("grafana", "provision", "--url", "http://localhost:3000", "--token", "t",
        "--datasource-url", "db.internal:5432");

    assertEquals(2, exit, cli.err.toString());
    assertTrue(cli.err.toString().contains("expected a database after the host in \"db.internal:5432\", e.g."
        + " db.internal:5432/postgres"), cli.err.toString());
  }

  @Test
  void grafana_alone_asks_for_its_command() {
    assertEquals(2, cli.run("grafana"));
    assertTrue(cli.err.toString().contains("Missing a command: provision"), cli.err.toString());
  }

  @Test
  void provisions_a_grafana_and_prints_one_line_per_object_then_nothing_changes_on_a_second_run() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new FakeGrafana());
      server.start();
      String[] args = {"grafana", "provision", "--url", server.url("/").toString(), "--token", FakeGrafana.TOKEN,
          "--datasource-url", "jdbc:postgresql://pg.internal:6543/gorca?user=reader&sslmode=require"};

      assertEquals(0, cli.run(args), cli.err.toString());
      String first = cli.out.toString();
      assertTrue(first.contains("data source PostgresDatasource[gorca incidents, reader@pg.internal:6543/gorca,"
          + " sslmode=require]"), first);
      assertTrue(first.contains("datasource  gorca-incidents        created    \"gorca incidents\""), first);
      assertTrue(first.contains("folder      gorca                  created    \"gorca\""), first);
      assertTrue(first.contains("dashboard   gorca-root-causes      created    \"gorca · root causes\""), first);
      assertTrue(first.contains("done: 5 objects, 5 created, 0 updated, 0 unchanged"), first);

      CliRun again = new CliRun();
      assertEquals(0, again.run(args), again.err.toString());
      assertTrue(again.out.toString().contains("done: 5 objects, 0 created, 0 updated, 5 unchanged"),
          again.out.toString());
    }
  }

  @Test
  void an_unreachable_grafana_exits_3_with_the_reason() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/").toString();
    gone.shutdown();

    int exit = cli.run("grafana", "provision", "--url", url, "--token", "t", "--max-attempts", "1");

    assertEquals(3, exit);
    assertTrue(cli.err.toString().startsWith("gorca grafana provision: cannot reach Grafana at " + url), cli.err.toString());
    assertTrue(cli.err.toString().contains("after 1 attempt; check --url"), cli.err.toString());
  }
}
