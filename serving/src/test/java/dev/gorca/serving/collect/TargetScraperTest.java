package dev.gorca.serving.collect;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.job.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One target's scrapes against OkHttp's MockWebServer serving real captured /metrics and pprof answers. */
class TargetScraperTest {
  private static final LabCapture SERVE = LabCaptures.named("go1.23/nil_dereference/serve");
  private static final String METRICS = new String(SERVE.read(SERVE.metricsScrape()), StandardCharsets.UTF_8);
  private static final String DUMP = new String(SERVE.read(SERVE.dump()), StandardCharsets.UTF_8);
  private static final Clock SCRAPE_CLOCK = Clock.fixed(Instant.ofEpochMilli(CRASH_AT), ZoneOffset.UTC);

  private final MockWebServer server = new MockWebServer();
  private final RecordingSink sink = new RecordingSink();
  private final RecordingLog log = new RecordingLog();
  private final HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(2));
  private String instance;
  private String subject;

  @BeforeEach
  void start() throws IOException {
    server.start();
    instance = "127.0.0.1:" + server.getPort();
    subject = "pricing-edge " + instance + " (http://" + instance + "/)";
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
    fetcher.close();
  }

  @Test
  void a_metrics_scrape_becomes_a_metrics_envelope_stamped_with_the_scrape_time() throws Exception {
    server.enqueue(new MockResponse().setBody(METRICS));
    scraper(EnvelopeLimits.DEFAULT).scrapeMetrics();
    assertEquals("/metrics", server.takeRequest(1, TimeUnit.SECONDS).getPath());
    assertEquals(List.of(new RecordingSink.Sent("gorca.metrics",
        MetricsEnvelope.ofBody("pricing-edge", instance, CRASH_AT, METRICS))), sink.sent);
    assertEquals(List.of(), log.lines());
  }

  @Test
  void a_goroutine_dump_becomes_a_dump_envelope_on_the_dumps_topic() throws Exception {
    server.enqueue(new MockResponse().setBody(DUMP));
    scraper(EnvelopeLimits.DEFAULT).scrapeDump();
    assertEquals("/debug/pprof/goroutine?debug=2", server.takeRequest(1, TimeUnit.SECONDS).getPath());
    assertEquals(List.of(new RecordingSink.Sent("gorca.dumps",
        new DumpEnvelope("pricing-edge", instance, CRASH_AT, DUMP))), sink.sent);
  }

  @Test
  void a_target_that_is_down_is_reported_once_retried_at_every_scrape_and_its_return_reported_once() throws Exception {
    int port = server.getPort();
    server.shutdown();
    TargetScraper scraper = scraper(EnvelopeLimits.DEFAULT);
    scraper.scrapeMetrics();
    scraper.scrapeMetrics();
    scraper.scrapeMetrics();
    assertEquals(1, log.lines().size(), "one line for three failed scrapes: " + log.lines());
    String down = log.lines().get(0);
    assertTrue(down.startsWith("WARN metrics of " + subject + ": GET http://" + instance + "/metrics failed: "), down);
    assertTrue(down.endsWith("; the service is down or not listening there, retrying at every interval"), down);
    assertEquals(List.of(), sink.sent);

    try (MockWebServer back = new MockWebServer()) {
      back.enqueue(new MockResponse().setBody(METRICS));
      back.enqueue(new MockResponse().setBody(METRICS));
      back.start(port);
      scraper.scrapeMetrics();
      scraper.scrapeMetrics();
    }
    assertEquals(List.of(down, "INFO metrics of " + subject + " is back after 3 failed attempts"), log.lines());
    assertEquals(2, sink.sent.size());
  }

  @Test
  void an_http_error_is_reported_with_its_status_once_per_change_of_failure() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(404));
    TargetScraper scraper = scraper(EnvelopeLimits.DEFAULT);
    scraper.scrapeDump();
    scraper.scrapeDump();
    scraper.scrapeDump();
    assertEquals(List.of(
        "WARN goroutine dump of " + subject + ": GET http://" + instance + "/debug/pprof/goroutine?debug=2 answered "
            + "HTTP 503 Server Error; expected 200 (is this a Go service's admin port with net/http/pprof and a "
            + "Prometheus handler?)",
        "WARN goroutine dump of " + subject + ": GET http://" + instance + "/debug/pprof/goroutine?debug=2 answered "
            + "HTTP 404 Client Error; expected 200 (is this a Go service's admin port with net/http/pprof and a "
            + "Prometheus handler?)"), log.lines());
  }

  @Test
  void a_scrape_bigger_than_the_envelope_limit_is_refused_with_a_clear_line_and_not_published() {
    server.enqueue(new MockResponse().setBody(METRICS));
    server.enqueue(new MockResponse().setChunkedBody(METRICS, 512));
    TargetScraper scraper = scraper(new EnvelopeLimits(4096, 8192));
    scraper.scrapeMetrics();
    scraper.scrapeMetrics();
    assertEquals(List.of("WARN metrics of " + subject + ": refused the answer of GET http://" + instance
        + "/metrics: " + METRICS.length() + " bytes, the envelope limit is 4096 bytes; raise "
        + "gorca.envelope.max.*.bytes on producer and consumers (docs/events.md) or scrape less"), log.lines());
    assertEquals(List.of(), sink.sent);
  }

  @Test
  void a_streamed_scrape_over_the_limit_is_refused_without_reading_it_whole() {
    server.enqueue(new MockResponse().setChunkedBody(METRICS, 512));
    scraper(new EnvelopeLimits(4096, 8192)).scrapeMetrics();
    assertEquals(List.of("WARN metrics of " + subject + ": refused the answer of GET http://" + instance
        + "/metrics: more than 4096 bytes, the envelope limit is 4096 bytes; raise "
        + "gorca.envelope.max.*.bytes on producer and consumers (docs/events.md) or scrape less"), log.lines());
    assertEquals(List.of(), sink.sent);
  }

  @Test
  void an_answer_that_is_not_prometheus_text_is_reported_and_not_published() {
    server.enqueue(new MockResponse().setBody("<html><body>admin console</body></html>\n"));
    scraper(EnvelopeLimits.DEFAULT).scrapeMetrics();
    assertEquals(List.of("WARN metrics of " + subject + ": GET http://" + instance + "/metrics answered no "
        + "Prometheus series; expected the text format, found \"<html><body>admin console</body></html>\""),
        log.lines());
    assertEquals(List.of(), sink.sent);
  }

  @Test
  void a_dump_endpoint_that_answers_something_else_is_reported_and_not_published() {
    server.enqueue(new MockResponse().setBody("404 page not found\n"));
    scraper(EnvelopeLimits.DEFAULT).scrapeDump();
    assertEquals(List.of("WARN goroutine dump of " + subject + ": GET http://" + instance
        + "/debug/pprof/goroutine?debug=2 answered no goroutine dump; expected a debug=2 dump starting with "
        + "\"goroutine 1 [...]:\", found \"404 page not found\" (is net/http/pprof imported?)"), log.lines());
    assertEquals(List.of(), sink.sent);
  }

  private TargetScraper scraper(EnvelopeLimits limits) {
    ScrapeTarget target = ScrapeTarget.of("http://" + instance, "pricing-edge", null);
    return new TargetScraper(target, fetcher, sink, Topics.DEFAULTS, limits, SCRAPE_CLOCK, log.logger);
  }
}
