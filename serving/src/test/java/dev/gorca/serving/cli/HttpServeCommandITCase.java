package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gorca serve} against a PostgreSQL it did not start: the UI, API and /metrics answer. */
class HttpServeCommandITCase {
  @TempDir Path dataDir;

  @Test
  void serve_answers_the_api_and_the_ui_against_an_external_store() throws Exception {
    Path operators = dataDir.resolve("operators");
    Files.writeString(operators, "# name=secret\nalice=alice-secret-0123456789\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir.resolve("pg"))) {
      CliRun run = new CliRun();
      String[] args = {"serve", "--store-url", postgres.jdbcUrl(), "--port", String.valueOf(port),
          "--models", LabCaptures.repoRoot().resolve("models").toString(), "--operators-file", operators.toString()};
      Thread serving = new Thread(() -> run.run(args), "gorca-serve-test");
      serving.start();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        awaitUp(client, base + "/healthz");
        HttpResponse<String> incidents = client.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, incidents.statusCode());
        assertEquals("{\"incidents\":[],\"next\":null}", incidents.body());
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/model")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("Leave-program-out evaluation"), page.body());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("gorca_labels{agreement=\"confirmed\"} 0.0"), metrics.body());
      } finally {
        serving.interrupt();
        serving.join(Duration.ofSeconds(10).toMillis());
      }
      assertTrue(run.out.toString().startsWith("gorca UI on http://127.0.0.1:" + port + "/"), run.out.toString());
    }
  }

  private static void awaitUp(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("gorca serve did not answer " + url + " within 30 s");
  }
}
