package dev.gorca.serving.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.store.IncidentFilter;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.StoreSettings;
import dev.gorca.serving.store.StoredIncident;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gorca demo} as a first-time user runs it, in-process: within a minute or two, replayed lab
 * incidents are scored (mostly as the cause the lab program was written for) and stored; after a stop,
 * nothing holds the data directory and a restarted demo still has them.
 */
class DemoITCase {
  private static final Duration FIRST_INCIDENTS_WITHIN = Duration.ofSeconds(150);
  private static final int INCIDENTS = 4;

  @BeforeAll
  static void runFromTheRepository() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  /** The demo's UI shows the incident, and an operator's label through the API lands in the store. */
  private static void labelThroughTheUi(DemoRuntime demo, StoredIncident incident, PostgresIncidentStore store)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + demo.uiPort();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/incidents/" + incident.incidentId()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains(incident.service()), "the detail page names the service");
    HttpResponse<String> labelled = http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/incidents/" + incident.incidentId() + "/label"))
        .header("Authorization", "Bearer " + demo.operatorSecret())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"root_cause\": \"deadlock\", \"comment\": \"checked\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, labelled.statusCode(), labelled.body());
    assertTrue(store.labelsSince(0).stream().anyMatch(l -> l.label().incidentId().equals(incident.incidentId())
        && l.label().operator().equals(DemoRuntime.DEMO_OPERATOR)), "the label is stored");
  }

  @Test
  void replayedLabIncidentsAreScoredAndStoredAndARestartedDemoKeepsThem(@TempDir Path data) throws Exception {
    StringWriter console = new StringWriter();
    List<StoredIncident> scored;
    long started = System.nanoTime();
    try (DemoRuntime demo = DemoRuntime.start(new DemoRuntime.Options(data, 0, 6, 0, 5, Duration.ofMinutes(1),
        Duration.ofSeconds(4)), new PrintWriter(console, true))) {
      PostgresIncidentStore store = new StoreSettings(demo.storeUrl(), "", "").open();
      scored = store.list(IncidentFilter.newest(100));
      while (scored.size() < INCIDENTS && System.nanoTime() - started < FIRST_INCIDENTS_WITHIN.toNanos()) {
        Thread.sleep(1_000);
        scored = store.list(IncidentFilter.newest(100));
      }
      assertTrue(scored.size() >= INCIDENTS, "expected " + INCIDENTS + " incidents within " + FIRST_INCIDENTS_WITHIN
          + ", found " + scored.size() + "; console:\n" + console);
      int right = 0;
      for (StoredIncident incident : scored) {
        String replayed = demo.replayedCase(incident.instance());
        assertTrue(replayed != null, "every incident comes from a replayed lab case: " + incident.instance());
        if (replayed.split("/")[1].equals(incident.causes().get(0).cause())) right++;
      }
      assertTrue(right * 4 >= scored.size() * 3, right + " of " + scored.size() + " incidents diagnosed as the cause"
          + " their lab program was written for; console:\n" + console);
      assertTrue(console.toString().contains("crash ->"), console.toString());
      labelThroughTheUi(demo, scored.get(0), store);
      System.out.printf("demo: %d incidents scored and stored %.0f s after start, %d diagnosed as their lab cause%n",
          scored.size(), (System.nanoTime() - started) / 1e9, right);
    }
    assertFalse(Files.exists(data.resolve("postgres/pgdata/postmaster.pid")), "PostgreSQL stopped");

    try (DemoRuntime again = DemoRuntime.start(new DemoRuntime.Options(data, 0, 0, 0, 5, Duration.ofMinutes(1),
        Duration.ofSeconds(4)), new PrintWriter(new StringWriter(), true))) {
      PostgresIncidentStore store = new StoreSettings(again.storeUrl(), "", "").open();
      List<String> kept = store.list(IncidentFilter.newest(100)).stream().map(StoredIncident::incidentId).toList();
      assertTrue(kept.containsAll(scored.stream().map(StoredIncident::incidentId).toList()),
          "a restarted demo keeps its incidents: " + kept);
      assertEquals(true, Files.exists(again.registryDir().resolve("CURRENT")));
    }
  }
}
