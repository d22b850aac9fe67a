package dev.gorca.serving.http;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.cli.CliScore;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API on a real port against a real PostgreSQL, filled with incidents built from lab captures. */
class HttpApiITCase {
  static final String ALICE_TOKEN = "alice-secret-0123456789";
  static final String VIEWER_TOKEN = "viewer-token-0123456789";
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static IncidentStore store;
  private static GorcaHttpServer server;
  private static RecordingLabelPublisher published;
  private static final OkHttpClient client = new OkHttpClient();

  private static ObjectNode leak;
  private static ObjectNode leakAgain;
  private static ObjectNode mapWrites;
  private static ObjectNode nilReceiver;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgres.start(dataDir);
    store = PostgresIncidentStore.open(postgres.dataSource());
    try (LabIncidentDocuments lab = new LabIncidentDocuments()) {
      leak = lab.incident("goroutine_leak", "request_timeout", "checkout", "checkout-7f9c", CRASH_AT);
      leakAgain = lab.incident("goroutine_leak", "request_timeout", "checkout", "checkout-2b1d", CRASH_AT + HOUR);
      mapWrites = lab.incident("concurrent_map_access", "map_writes", "payments", "payments-0", CRASH_AT + 2 * HOUR);
      nilReceiver = lab.incident("nil_dereference", "nil_method_receiver", "checkout", "checkout-7f9c",
          CRASH_AT + 3 * HOUR);
    }
    published = new RecordingLabelPublisher();
    server = GorcaHttpServer.start(HttpSettings.local(0, Map.of("alice", ALICE_TOKEN)), store, published,
        LabIncidentDocuments.MODELS, new PipelineMetrics());
  }

  @AfterAll
  static void stop() {
    server.close();
    postgres.close();
  }

  @BeforeEach
  void fill() throws Exception {
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE incidents, labels, model_versions");
    }
    for (ObjectNode incident : List.of(leak, leakAgain, mapWrites, nilReceiver)) {
      store.upsertIncident(LabIncidentDocuments.stored(incident));
    }
  }

  @Test
  void GET_incidents_lists_newest_first_with_top_causes_model_and_label() throws Exception {
    store.addLabel(new Label(id(leak), "goroutine_leak", "alice", "", CRASH_AT + 5 * HOUR));
    JsonNode body = getJson("/api/incidents");
    JsonNode incidents = body.get("incidents");
    assertEquals(List.of(id(nilReceiver), id(mapWrites), id(leakAgain), id(leak)), ids(incidents));
    JsonNode first = incidents.get(0);
    assertEquals("checkout", first.get("service").asText());
    assertEquals("checkout-7f9c", first.get("instance").asText());
    assertEquals(CRASH_AT + 3 * HOUR, first.get("ts_ms").asLong());
    assertEquals(nilReceiver.get("top").get(0).get("root_cause").asText(),
        first.get("top").get(0).get("root_cause").asText());
    assertEquals(3, first.get("top").size());
    assertEquals(nilReceiver.get("model").get("id").asText(), first.get("model_id").asText());
    assertTrue(first.get("label").isNull());
    assertEquals("goroutine_leak", incidents.get(3).get("label").get("root_cause").asText());
    assertEquals("alice", incidents.get(3).get("label").get("operator").asText());
    assertTrue(body.get("next").isNull());
  }

  @Test
  void GET_incidents_filters_by_service_root_cause_and_labelled_and_pages_with_next() throws Exception {
    assertEquals(List.of(id(nilReceiver), id(leakAgain), id(leak)),
        ids(getJson("/api/incidents?service=checkout").get("incidents")));
    assertEquals(List.of(id(leakAgain), id(leak)),
        ids(getJson("/api/incidents?root_cause=goroutine_leak").get("incidents")));
    store.addLabel(new Label(id(mapWrites), "concurrent_map_access", "alice", "", CRASH_AT + 5 * HOUR));
    assertEquals(List.of(id(mapWrites)), ids(getJson("/api/incidents?labelled=true").get("incidents")));

    JsonNode page = getJson("/api/incidents?limit=2");
    assertEquals(List.of(id(nilReceiver), id(mapWrites)), ids(page.get("incidents")));
    assertEquals("/api/incidents?limit=2&before=" + (CRASH_AT + 2 * HOUR), page.get("next").asText());
    assertEquals(List.of(id(leakAgain), id(leak)), ids(getJson(page.get("next").asText()).get("incidents")));
  }

  @Test
  void GET_incidents_with_bad_parameters_gives_typed_400s() throws Exception {
    assertError(get("/api/incidents?limit=0"), 400, "bad_request",
        "expected limit to be a whole number in 1..1000, found \"0\"");
    assertError(get("/api/incidents?labelled=maybe"), 400, "bad_request",
        "expected labelled=true or labelled=false, found \"maybe\"");
    try (Response r = get("/api/incidents?root_cause=goroutine-leak")) {
      JsonNode error = json(r);
      assertEquals(400, r.code());
      assertEquals("unknown_root_cause", error.get("error").asText());
      assertTrue(error.get("message").asText().endsWith("did you mean \"goroutine_leak\"?"), error.toString());
    }
  }

  @Test
  void GET_incident_returns_the_document_with_labels_similar_incidents_and_playbook() throws Exception {
    JsonNode detail = getJson("/api/incidents/" + id(leak));
    assertEquals(id(leak), detail.get("id").asText());
    assertEquals(leak.get("crash"), detail.get("crash"));
    assertEquals(leak.get("top"), detail.get("top"));
    assertEquals(leak.get("explanation"), detail.get("explanation"));
    assertEquals(leak.get("buckets"), detail.get("buckets"));
    // JSONB rewrites numbers (9.223372036854776E18 comes back as an integer): compare times and series names.
    assertEquals(leak.get("history").get("ts_ms"), detail.get("history").get("ts_ms"));
    assertEquals(names(leak.get("history").get("series")), names(detail.get("history").get("series")));
    assertFalse(detail.get("buckets").isEmpty());
    assertTrue(detail.get("history").get("ts_ms").size() > 1);
    assertEquals(List.of(id(leakAgain)), ids(detail.get("similar")));
    assertEquals(0, detail.get("labels").size());
    assertEquals(leak.get("top").get(0).get("root_cause").asText(),
        detail.get("playbook").get("root_cause").asText());
    assertFalse(detail.get("playbook").get("how_to_fix").isEmpty());
  }

  @Test
  void an_incident_stored_without_its_document_is_shown_from_its_columns() throws Exception {
    dev.gorca.serving.store.StoredIncident full = LabIncidentDocuments.stored(leak);
    store.upsertIncident(new dev.gorca.serving.store.StoredIncident("inc-columns-only", full.service(),
        full.instance(), CRASH_AT - HOUR, full.type(), full.crashKind(), full.crashMessage(), full.causes(),
        full.modelId(), full.featureSchema(), full.features(), full.explanationJson(), full.suspectJson(),
        full.inputs(), full.novelty(), null, null));
    JsonNode detail = getJson("/api/incidents/inc-columns-only");
    assertEquals(leak.get("crash").get("message"), detail.get("crash").get("message"));
    assertEquals(leak.get("explanation"), detail.get("explanation"));
    assertEquals(0, detail.get("buckets").size());
    try (Response page = get("/incidents/inc-columns-only")) {
      assertEquals(200, page.code());
      String html = page.body().string();
      assertTrue(html.contains("No goroutine buckets."), html);
      assertTrue(html.contains("No metrics were received."), html);
    }
  }

  @Test
  void an_unknown_incident_page_gives_an_html_404() throws Exception {
    try (Response r = get("/incidents/inc-unknown")) {
      assertEquals(404, r.code());
      assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
      assertTrue(r.body().string().contains("<p id=\"error\">no incident with id inc-unknown</p>"));
    }
  }

  @Test
  void GET_unknown_incident_gives_404() throws Exception {
    assertError(get("/api/incidents/inc-unknown"), 404, "not_found", "no incident with id inc-unknown");
  }

  @Test
  void POST_label_stores_the_label_and_publishes_it() throws Exception {
    int before = published.published().size();
    try (Response r = post("/api/incidents/" + id(mapWrites) + "/label",
        "{\"root_cause\": \"concurrent_map_access\", \"comment\": \"the cache map, see PR 812\"}", ALICE_TOKEN)) {
      assertEquals(201, r.code());
      JsonNode body = json(r);
      assertEquals("concurrent_map_access", body.get("label").get("root_cause").asText());
      assertEquals("alice", body.get("label").get("operator").asText());
    }
    List<Label> labels = store.labels(id(mapWrites));
    assertEquals(1, labels.size());
    assertEquals("the cache map, see PR 812", labels.get(0).comment());
    assertEquals(labels.get(0), published.published().get(before));
    assertEquals("concurrent_map_access", getJson("/api/incidents/" + id(mapWrites)).get("label").get("root_cause").asText());
  }

  @Test
  void POST_label_with_unknown_cause_gives_400() throws Exception {
    try (Response r = post("/api/incidents/" + id(leak) + "/label", "{\"root_cause\": \"cosmic_ray\"}", ALICE_TOKEN)) {
      JsonNode error = json(r);
      assertEquals(400, r.code());
      assertEquals("unknown_root_cause", error.get("error").asText());
      assertTrue(error.get("message").asText().startsWith("expected a root cause id, one of goroutine_leak,"),
          error.toString());
    }
    assertEquals(List.of(), store.labels(id(leak)));
  }

  @Test
  void POST_label_for_an_unknown_incident_gives_404() throws Exception {
    assertError(post("/api/incidents/inc-unknown/label", "{\"root_cause\": \"deadlock\"}", ALICE_TOKEN), 404,
        "not_found", "no incident with id inc-unknown");
  }

  @Test
  void label_without_token_gives_401() throws Exception {
    try (Response r = post("/api/incidents/" + id(leak) + "/label", "{\"root_cause\": \"deadlock\"}", null)) {
      assertEquals("Bearer realm=\"gorca\"", r.header("WWW-Authenticate"));
      assertError(r, 401, "unauthorized",
          "labelling needs an operator token: send Authorization: Bearer <token>");
    }
    assertError(post("/api/incidents/" + id(leak) + "/label", "{\"root_cause\": \"deadlock\"}", "wrong-token-000000000"),
        401, "unauthorized", "the bearer token is not an operator's; check the token you were given");
    assertEquals(List.of(), store.labels(id(leak)));
  }

  @Test
  void label_sent_as_a_form_gives_415() throws Exception {
    Request request = new Request.Builder().url(url("/api/incidents/" + id(leak) + "/label"))
        .header("Authorization", "Bearer " + ALICE_TOKEN)
        .post(RequestBody.create("root_cause=deadlock", MediaType.get("application/x-www-form-urlencoded"))).build();
    assertError(client.newCall(request).execute(), 415, "unsupported_media_type",
        "expected Content-Type application/json, found \"application/x-www-form-urlencoded; charset=UTF-8\"");
  }

  @Test
  void a_body_over_the_limit_gives_413() throws Exception {
    String huge = "{\"crash\": \"" + "x".repeat((int) HttpSettings.DEFAULT_MAX_REQUEST_BYTES) + "\"}";
    try (Response r = post("/api/score", huge, null)) {
      assertEquals(413, r.code());
      assertEquals("too_large", json(r).get("error").asText());
    }
  }

  @Test
  void a_chunked_body_over_the_limit_gives_413_too() throws Exception {
    byte[] chunk = "x".repeat(1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RequestBody chunked = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON_TYPE;
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
        sink.writeUtf8("{\"crash\": \"");
        for (int i = 0; i < 21; i++) {
          sink.write(chunk);
        }
        sink.writeUtf8("\"}");
      }
    };
    Request request = new Request.Builder().url(url("/api/score")).post(chunked).build();
    try (Response r = client.newCall(request).execute()) {
      assertEquals(null, r.request().header("Content-Length"));
      assertEquals(413, r.code());
      assertEquals("too_large", json(r).get("error").asText());
    } catch (java.io.IOException serverClosedEarly) {
      // Jetty may answer 413 and close before the client finished sending: also a refusal.
      System.out.println("chunked upload cut by the server: " + serverClosedEarly);
    }
  }

  @Test
  void score_returns_what_the_cli_prints() throws Exception {
    Path capture = LabIncidentDocuments.capture("goroutine_leak", "request_timeout");
    String printed = CliScore.json(capture.resolve("crash.txt"), capture.resolve("dump.txt"),
        capture.resolve("metrics.jsonl"), LabIncidentDocuments.MODELS);
    ObjectNode request = LabIncidentDocuments.JSON.createObjectNode();
    request.put("crash", Files.readString(capture.resolve("crash.txt")));
    request.put("dump", Files.readString(capture.resolve("dump.txt")));
    var metrics = request.putArray("metrics");
    for (String line : Files.readAllLines(capture.resolve("metrics.jsonl"))) {
      if (!line.isBlank()) {
        metrics.add(LabIncidentDocuments.JSON.readTree(line));
      }
    }
    try (Response r = post("/api/score", request.toString(), null)) {
      assertEquals(200, r.code());
      assertEquals(LabIncidentDocuments.JSON.readTree(printed), json(r));
    }
  }

  @Test
  void score_with_a_bad_sample_names_it() throws Exception {
    assertError(post("/api/score", "{\"crash\": \"panic: boom\\n\", \"metrics\": [{\"ts_ms\": 1700000000000,"
        + " \"go_goroutines\": 3}, {\"go_goroutines\": 4}]}", null), 400, "bad_request",
        "metrics[1]: " + badSampleMessage());
    assertError(post("/api/score", "{}", null), 400, "bad_request",
        "expected at least one of crash, dump or metrics; found none");
    try (Response r = post("/api/score", "{\"crash\": ", null)) {
      JsonNode error = json(r);
      assertEquals(400, r.code());
      assertTrue(error.get("message").asText().startsWith("expected a JSON body: Unexpected end-of-input"),
          error.toString());
    }
  }

  @Test
  void GET_models_shows_the_shipped_model_live_with_its_evaluation() throws Exception {
    JsonNode models = getJson("/api/models");
    String shipped = Files.readString(LabIncidentDocuments.MODELS.resolve("CURRENT")).trim();
    assertEquals(shipped, models.get("current").asText());
    JsonNode version = models.get("versions").get(0);
    assertEquals(shipped, version.get("id").asText());
    assertTrue(version.get("live").asBoolean());
    JsonNode full = version.get("evaluation").get("leave_program_out/full");
    assertEquals(15, full.get("confusion").size());
    assertTrue(full.get("per_class").has("goroutine_leak"));
    assertEquals(0, models.get("agreement").size());
  }

  @Test
  void GET_review_queue_orders_unlabelled_incidents_by_margin() throws Exception {
    store.upsertIncident(LabIncidentDocuments.stored(LabIncidentDocuments.withTop(mapWrites, "concurrent_map_access",
        0.40, "goroutine_leak", 0.38, "deadlock", 0.10)));
    store.upsertIncident(LabIncidentDocuments.stored(LabIncidentDocuments.withTop(leak, "goroutine_leak", 0.5,
        "deadlock", 0.3, "memory_leak", 0.1)));
    store.addLabel(new Label(id(nilReceiver), "nil_dereference", "alice", "", CRASH_AT + 5 * HOUR));
    JsonNode queue = getJson("/api/review-queue").get("incidents");
    assertEquals(id(mapWrites), queue.get(0).get("id").asText());
    assertEquals(id(leak), queue.get(1).get("id").asText());
    assertEquals(0.02, queue.get(0).get("margin").asDouble(), 1e-9);
    assertFalse(ids(queue).contains(id(nilReceiver)));
    double previous = -1;
    for (JsonNode item : queue) {
      assertTrue(item.get("margin").asDouble() >= previous, queue.toString());
      previous = item.get("margin").asDouble();
    }
  }

  @Test
  void every_answer_carries_the_security_headers() throws Exception {
    for (String path : List.of("/api/incidents", "/incidents", "/api/incidents/inc-unknown")) {
      try (Response r = get(path)) {
        assertEquals(GorcaHttpServer.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"), path);
        assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
        assertEquals("DENY", r.header("X-Frame-Options"), path);
      }
    }
  }

  @Test
  void an_unknown_api_path_gives_a_typed_404() throws Exception {
    assertError(get("/api/nothing"), 404, "not_found", "no such page or endpoint: /api/nothing");
  }

  @Test
  void with_a_viewer_token_viewing_needs_it_and_the_viewer_token_cannot_label() throws Exception {
    HttpSettings settings = HttpSettings.local(0, Map.of("alice", ALICE_TOKEN)).withViewerToken(VIEWER_TOKEN);
    try (GorcaHttpServer guarded = GorcaHttpServer.start(settings, store, published, LabIncidentDocuments.MODELS,
        new PipelineMetrics())) {
      String base = "http://127.0.0.1:" + guarded.port();
      try (Response r = client.newCall(new Request.Builder().url(base + "/api/incidents").build()).execute()) {
        assertError(r, 401, "unauthorized",
            "viewing needs the viewer token: log in, or send Authorization: Bearer <token>");
      }
      try (Response r = client.newCall(new Request.Builder().url(base + "/api/incidents")
          .header("Authorization", "Bearer " + VIEWER_TOKEN).build()).execute()) {
        assertEquals(200, r.code());
      }
      try (Response r = client.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
        assertEquals(401, r.code());
      }
      try (Response r = client.newCall(new Request.Builder().url(base + "/api/incidents/" + id(leak) + "/label")
          .header("Authorization", "Bearer " + VIEWER_TOKEN)
          .post(RequestBody.create("{\"root_cause\": \"deadlock\"}", JSON_TYPE)).build()).execute()) {
        assertError(r, 403, "forbidden", "the viewer token may view but not label; use an operator token");
      }
      try (Response r = client.newCall(new Request.Builder().url(base + "/incidents").build()).execute()) {
        assertEquals(200, r.code());
        assertTrue(r.request().url().encodedPath().equals("/login"), "redirected to the login page");
      }
    }
  }

  private static String badSampleMessage() throws Exception {
    var file = dev.gorca.ingest.contract.MetricsJsonLines.read(new java.io.ByteArrayInputStream(
        "{\"go_goroutines\": 4}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return file.warnings().get(0).message();
  }

  private static java.util.Set<String> names(JsonNode object) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static String id(JsonNode incident) {
    return incident.get("id").asText();
  }

  private static List<String> ids(JsonNode incidents) {
    List<String> ids = new java.util.ArrayList<>();
    incidents.forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static Response get(String path) throws Exception {
    return client.newCall(new Request.Builder().url(url(path)).build()).execute();
  }

  private static JsonNode getJson(String path) throws Exception {
    try (Response r = get(path)) {
      assertEquals(200, r.code(), path);
      assertEquals("application/json", r.header("Content-Type"));
      return json(r);
    }
  }

  private static Response post(String path, String json, String token) throws Exception {
    Request.Builder request = new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON_TYPE));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.newCall(request.build()).execute();
  }

  private static JsonNode json(Response r) throws Exception {
    assertNotNull(r.body());
    return LabIncidentDocuments.JSON.readTree(r.body().string());
  }

  private static void assertError(Response response, int status, String error, String message) throws Exception {
    try (response) {
      JsonNode body = json(response);
      assertEquals(status, response.code(), body.toString());
      assertEquals(error, body.get("error").asText());
      assertEquals(message, body.get("message").asText());
    }
  }
}
