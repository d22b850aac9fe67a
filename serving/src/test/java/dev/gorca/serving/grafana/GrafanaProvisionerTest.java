package dev.gorca.serving.grafana;

import static dev.gorca.serving.grafana.FakeGrafana.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.grafana.Provisioned.Action;
import dev.gorca.serving.grafana.Provisioned.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provisioning against a real HTTP server playing Grafana: every request as Grafana's HTTP API documents it. */
class GrafanaProvisionerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PostgresDatasource STORE =
      PostgresDatasource.parse("pg.internal:5432/gorca", PostgresDatasource.DEFAULT_NAME, "grafana_reader", null,
          "require");
  private static final PostgresDatasource STORE_WITH_PASSWORD =
      PostgresDatasource.parse("pg.internal:5432/gorca", PostgresDatasource.DEFAULT_NAME, "grafana_reader",
          "s3cret", "require");
  private static final List<Dashboard> DASHBOARDS = DashboardCatalog.load();

  private final MockWebServer server = new MockWebServer();
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  @Test
  void a_first_run_creates_the_datasource_the_folder_and_each_dashboard_with_the_documented_requests()
      throws Exception {
    server.enqueue(answer(404, "{\"message\": \"Data source not found\"}"));
    server.enqueue(answer(200, "{\"id\": 7, \"message\": \"Datasource added\", \"name\": \"gorca incidents\"}"));
    server.enqueue(answer(404, "{\"message\": \"folder not found\"}"));
    server.enqueue(answer(200, "{\"id\": 3, \"uid\": \"gorca\", \"title\": \"gorca\", \"version\": 1}"));
    for (Dashboard d : DASHBOARDS) {
      server.enqueue(answer(404, "{\"message\": \"Dashboard not found\"}"));
      server.enqueue(answer(200, "{\"id\": 9, \"uid\": \"" + d.uid() + "\", \"status\": \"success\", \"version\": 1}"));
    }

    List<Provisioned> done = provisioner().provision(STORE_WITH_PASSWORD, DASHBOARDS);

    RecordedRequest getDatasource = take("GET", "/api/datasources/uid/gorca-incidents");
    assertNull(getDatasource.getHeader("Content-Type"), "a GET has no body");
    JsonNode datasource = body(take("POST", "/api/datasources"));
    assertEquals("gorca-incidents", datasource.get("uid").asText());
    assertEquals("gorca incidents", datasource.get("name").asText());
    assertEquals("grafana-postgresql-datasource", datasource.get("type").asText());
    assertEquals("proxy", datasource.get("access").asText());
    assertEquals("pg.internal:5432", datasource.get("url").asText());
    assertEquals("grafana_reader", datasource.get("user").asText());
    assertEquals("gorca", datasource.path("jsonData").path("database").asText());
    assertEquals("require", datasource.path("jsonData").path("sslmode").asText());
    assertEquals("s3cret", datasource.path("secureJsonData").path("password").asText());
    assertFalse(datasource.has("password"), "the password goes only in secureJsonData, which Grafana encrypts");

    take("GET", "/api/folders/gorca");
    JsonNode folder = body(take("POST", "/api/folders"));
    assertEquals(JSON.readTree("{\"uid\": \"gorca\", \"title\": \"gorca\"}"), folder);

    for (Dashboard d : DASHBOARDS) {
      take("GET", "/api/dashboards/uid/" + d.uid());
      JsonNode saved = body(take("POST", "/api/dashboards/db"));
      assertEquals(d.json(), saved.get("dashboard"), "the dashboard is sent as it is in the repository");
      assertEquals("gorca", saved.get("folderUid").asText());
      assertTrue(saved.get("overwrite").asBoolean());
      assertEquals("gorca grafana provision", saved.get("message").asText());
    }
    assertEquals(0, server.getRequestCount() - 4 - 2 * DASHBOARDS.size(), "no other requests");
    assertEquals(2 + DASHBOARDS.size(), done.size());
    assertTrue(done.stream().allMatch(p -> p.action() == Action.CREATED), done.toString());
    assertEquals(new Provisioned(Kind.DATASOURCE, "gorca-incidents", "gorca incidents", Action.CREATED), done.get(0));
    assertEquals("datasource  gorca-incidents        created    \"gorca incidents\"", progress.get(0));
    assertEquals(done.size(), progress.size(), "progress is printed per object");
  }

  @Test
  void a_second_run_finds_everything_by_uid_changes_nothing_and_creates_no_duplicates() {
    FakeGrafana grafana = new FakeGrafana();
    server.setDispatcher(grafana);

    provisioner().provision(STORE, DASHBOARDS);
    int firstRunCalls = grafana.calls.size();
    List<Provisioned> again = provisioner().provision(STORE, DASHBOARDS);

    assertTrue(again.stream().allMatch(p -> p.action() == Action.UNCHANGED), again.toString());
    List<String> secondRun = grafana.calls.subList(firstRunCalls, grafana.calls.size());
    assertTrue(secondRun.stream().allMatch(call -> call.startsWith("GET ")), "only reads: " + secondRun);
    assertEquals(1, grafana.datasources.size());
    assertEquals(1, grafana.folders.size());
    assertEquals(DASHBOARDS.size(), grafana.dashboards.size());
  }

  @Test
  void a_run_after_changes_updates_in_place_by_uid() {
    FakeGrafana grafana = new FakeGrafana();
    server.setDispatcher(grafana);
    provisioner().provision(STORE, DASHBOARDS);
    grafana.folders.get("gorca").put("title", "renamed by hand");
    ((ObjectNode) grafana.dashboards.get(DASHBOARDS.get(0).uid()).get("dashboard")).put("title", "edited by hand");
    int before = grafana.calls.size();

    List<Provisioned> done = provisioner().provision(STORE_WITH_PASSWORD, DASHBOARDS);

    assertEquals(List.of(Action.UPDATED, Action.UPDATED, Action.UPDATED, Action.UNCHANGED, Action.UNCHANGED),
        done.stream().map(Provisioned::action).toList());
    List<String> writes = grafana.calls.subList(before, grafana.calls.size()).stream()
        .filter(call -> !call.startsWith("GET ")).toList();
    assertEquals(List.of("PUT /api/datasources/uid/gorca-incidents", "PUT /api/folders/gorca",
        "POST /api/dashboards/db"), writes);
    assertEquals("s3cret", grafana.datasourcePasswords.get("gorca-incidents"));
    assertEquals("gorca", grafana.folders.get("gorca").get("title").asText());
    assertEquals(DASHBOARDS.get(0).title(),
        grafana.dashboards.get(DASHBOARDS.get(0).uid()).path("dashboard").path("title").asText());
    assertEquals(1, grafana.datasources.size());
    assertEquals(DASHBOARDS.size(), grafana.dashboards.size());
  }

  @Test
  void a_refused_token_stops_at_the_first_request_with_advice_and_no_retry() {
    server.enqueue(answer(401, "{\"message\": \"invalid API key\"}"));

    GrafanaException e = assertThrows(GrafanaException.class, () -> provisioner().provision(STORE, DASHBOARDS));

    assertEquals("Grafana refused the token for GET /api/datasources/uid/gorca-incidents (401 Unauthorized:"
        + " \"invalid API key\"); check --token: it must be a valid, unexpired service account token of this"
        + " Grafana's organization, sent as 'Authorization: Bearer <token>'", e.getMessage());
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), waits);
  }

  @Test
  void a_token_without_the_role_is_told_which_role_it_needs() {
    server.enqueue(answer(200, "{\"uid\": \"gorca-incidents\"}"));
    server.enqueue(answer(403, "{\"message\": \"You'll need additional permissions to perform this action.\"}"));

    GrafanaException e = assertThrows(GrafanaException.class, () -> provisioner().provision(STORE, DASHBOARDS));

    assertTrue(e.getMessage().startsWith("Grafana denied PUT /api/datasources/uid/gorca-incidents (403 Forbidden:"),
        e.getMessage());
    assertTrue(e.getMessage().contains("give it the Admin role"), e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a_datasource_created_meanwhile_under_our_uid_is_updated_after_the_409() throws Exception {
    server.enqueue(answer(404, "{\"message\": \"Data source not found\"}"));
    server.enqueue(answer(409, "{\"message\": \"data source with the same uid already exists\"}"));
    server.enqueue(answer(200, "{\"uid\": \"gorca-incidents\", \"name\": \"old name\", \"version\": 4}"));
    server.enqueue(answer(200, "{\"message\": \"Datasource updated\"}"));
    enqueueFolderAndDashboardsUnchanged();

    List<Provisioned> done = provisioner().provision(STORE, DASHBOARDS);

    assertEquals(Action.UPDATED, done.get(0).action());
    take("GET", "/api/datasources/uid/gorca-incidents");
    take("POST", "/api/datasources");
    take("GET", "/api/datasources/uid/gorca-incidents");
    assertEquals("gorca-incidents", body(take("PUT", "/api/datasources/uid/gorca-incidents")).get("uid").asText());
  }

  @Test
  void a_datasource_of_the_same_name_under_another_uid_is_a_clear_error() {
    FakeGrafana grafana = new FakeGrafana();
    grafana.datasources.put("someone-elses", (ObjectNode) JSON.createObjectNode().put("uid", "someone-elses")
        .put("name", "gorca incidents").put("version", 1));
    server.setDispatcher(grafana);

    GrafanaException e = assertThrows(GrafanaException.class, () -> provisioner().provision(STORE, DASHBOARDS));

    assertEquals("Grafana refused to create data source \"gorca incidents\" (409: \"data source with the same name"
        + " already exists\"): another data source already has that name but not uid gorca-incidents; rename or"
        + " delete it in Grafana, or pick another name with --datasource-name", e.getMessage());
    assertEquals(1, grafana.datasources.size());
  }

  @Test
  void a_folder_changed_meanwhile_412_is_read_again_and_updated_with_the_new_version() throws Exception {
    server.enqueue(answer(200, STORE.withoutSecrets().toString()));
    server.enqueue(answer(200, "{\"uid\": \"gorca\", \"title\": \"old\", \"version\": 3}"));
    server.enqueue(answer(412, "{\"message\": \"The folder has been changed by someone else\", \"status\":"
        + " \"version-mismatch\"}"));
    server.enqueue(answer(200, "{\"uid\": \"gorca\", \"title\": \"older\", \"version\": 4}"));
    server.enqueue(answer(200, "{\"uid\": \"gorca\", \"title\": \"gorca\", \"version\": 5}"));
    enqueueDashboardsUnchanged();

    List<Provisioned> done = provisioner().provision(STORE, DASHBOARDS);

    assertEquals(new Provisioned(Kind.FOLDER, "gorca", "gorca", Action.UPDATED), done.get(1));
    take("GET", "/api/datasources/uid/gorca-incidents");
    take("GET", "/api/folders/gorca");
    assertEquals(JSON.readTree("{\"title\": \"gorca\", \"version\": 3}"), body(take("PUT", "/api/folders/gorca")));
    take("GET", "/api/folders/gorca");
    assertEquals(JSON.readTree("{\"title\": \"gorca\", \"version\": 4}"), body(take("PUT", "/api/folders/gorca")));
  }

  @Test
  void a_dashboard_refused_with_412_name_exists_is_a_clear_error() {
    server.enqueue(answer(200, STORE.withoutSecrets().toString()));
    server.enqueue(answer(200, "{\"uid\": \"gorca\", \"title\": \"gorca\", \"version\": 1}"));
    server.enqueue(answer(404, "{\"message\": \"Dashboard not found\"}"));
    server.enqueue(answer(412, "{\"message\": \"A dashboard with the same name in the folder already exists\","
        + " \"status\": \"name-exists\"}"));

    GrafanaException e = assertThrows(GrafanaException.class, () -> provisioner().provision(STORE, DASHBOARDS));

    Dashboard first = DASHBOARDS.get(0);
    assertEquals("Grafana refused to save dashboard " + first.uid() + " (412 name-exists: \"A dashboard with the same"
        + " name in the folder already exists\"); another dashboard titled \"" + first.title() + "\" is in the way;"
        + " rename or delete it in Grafana and run the command again", e.getMessage());
    assertEquals(4, server.getRequestCount(), "a 412 is not retried");
  }

  @Test
  void a_503_is_retried_after_a_backoff_and_then_succeeds() throws Exception {
    server.enqueue(answer(503, "{\"message\": \"database is locked\"}"));
    server.enqueue(answer(200, STORE.withoutSecrets().toString()));
    enqueueFolderAndDashboardsUnchanged();

    List<Provisioned> done = provisioner().provision(STORE, DASHBOARDS);

    assertEquals(Action.UNCHANGED, done.get(0).action());
    take("GET", "/api/datasources/uid/gorca-incidents");
    take("GET", "/api/datasources/uid/gorca-incidents");
    assertEquals(List.of(Duration.ofMillis(500)), waits);
  }

  @Test
  void a_grafana_that_keeps_failing_gives_up_after_the_bounded_attempts_with_growing_waits() {
    for (int i = 0; i < RetryPolicy.DEFAULT.maxAttempts(); i++) {
      server.enqueue(answer(502, "<html><body>Bad Gateway</body></html>"));
    }

    GrafanaException e = assertThrows(GrafanaException.class, () -> provisioner().provision(STORE, DASHBOARDS));

    assertEquals("Grafana failed GET /api/datasources/uid/gorca-incidents with 502 \"<html><body>Bad Gateway"
        + "</body></html>\" after 5 attempts; look at Grafana's log, then run the command again", e.getMessage());
    assertEquals(5, server.getRequestCount());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
        waits);
  }

  @Test
  void a_connection_dropped_mid_answer_is_retried() throws Exception {
    server.enqueue(answer(200, "{}").setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(answer(200, STORE.withoutSecrets().toString()));
    enqueueFolderAndDashboardsUnchanged();

    provisioner().provision(STORE, DASHBOARDS);

    assertEquals(List.of(Duration.ofMillis(500)), waits);
  }

  @Test
  void a_grafana_that_is_not_there_is_a_clear_error_after_the_bounded_attempts() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/").toString();
    gone.shutdown();
    GrafanaClient client = GrafanaClient.create(url, FakeGrafana.TOKEN, RetryPolicy.DEFAULT.withMaxAttempts(3),
        waits::add);

    GrafanaException e = assertThrows(GrafanaException.class,
        () -> new GrafanaProvisioner(client, p -> { }).provision(STORE, DASHBOARDS));

    assertTrue(e.getMessage().startsWith("cannot reach Grafana at " + url + " for GET /api/datasources/uid/"
        + "gorca-incidents (ConnectException: Failed to connect to "), e.getMessage());
    assertTrue(e.getMessage().endsWith(") after 3 attempts; check --url and that Grafana is running and reachable"
        + " from here"), e.getMessage());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), waits);
  }

  @Test
  void grafana_served_under_a_path_gets_the_api_under_that_path() throws Exception {
    server.setDispatcher(new FakeGrafana());
    GrafanaClient client = GrafanaClient.create(server.url("/grafana/").toString(), FakeGrafana.TOKEN,
        RetryPolicy.DEFAULT, waits::add);

    assertThrows(GrafanaException.class, () -> new GrafanaProvisioner(client, p -> { }).provision(STORE, DASHBOARDS));

    assertEquals("/grafana/api/datasources/uid/gorca-incidents", server.takeRequest().getPath());
  }

  private GrafanaProvisioner provisioner() {
    GrafanaClient client = GrafanaClient.create(server.url("/").toString(), FakeGrafana.TOKEN, RetryPolicy.DEFAULT,
        waits::add);
    return new GrafanaProvisioner(client, p -> progress.add(p.line()));
  }

  private void enqueueFolderAndDashboardsUnchanged() {
    server.enqueue(answer(200, "{\"uid\": \"gorca\", \"title\": \"gorca\", \"version\": 1}"));
    enqueueDashboardsUnchanged();
  }

  private void enqueueDashboardsUnchanged() {
    for (Dashboard d : DASHBOARDS) {
      ObjectNode stored = JSON.createObjectNode();
      stored.set("dashboard", d.json().deepCopy().put("id", 4).put("version", 2));
      stored.putObject("meta").put("folderUid", "gorca");
      server.enqueue(answer(200, stored.toString()));
    }
  }

  /** The next request, checked to be {@code method path} with the bearer token and, with a body, JSON. */
  private RecordedRequest take(String method, String path) throws InterruptedException {
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(method + " " + path, request == null ? "no request" : request.getMethod() + " " + request.getPath());
    assertEquals("Bearer " + FakeGrafana.TOKEN, request.getHeader("Authorization"));
    assertEquals("application/json", request.getHeader("Accept"));
    if (!method.equals("GET")) {
      assertEquals("application/json; charset=utf-8", request.getHeader("Content-Type"));
    }
    return request;
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(request.getBody().readUtf8());
    } catch (Exception e) {
      throw new AssertionError("expected a JSON body in " + request, e);
    }
  }
}
