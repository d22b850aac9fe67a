package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.Quote;
import dev.gorca.ingest.contract.ServiceEnvelope;
import dev.gorca.ingest.prometheus.MetricsEnvelopeFlattener;
import dev.gorca.serving.job.Topics;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target: its {@code /metrics} into a metrics envelope, its goroutine dump into a dump envelope, each
 * stamped with the time the scrape began. Never throws: every failure goes to that endpoint's
 * {@link StateChangeLog}, which reports it once until it changes.
 */
final class TargetScraper {
  private static final Logger LOG = LoggerFactory.getLogger(TargetScraper.class);
  /** A debug=2 dump starts with its first goroutine's header, e.g. {@code goroutine 1 [running]:}. */
  private static final String DUMP_START = "goroutine ";

  private final ScrapeTarget target;
  private final HttpFetcher fetcher;
  private final EnvelopeSink sink;
  private final Topics topics;
  private final EnvelopeLimits limits;
  private final Clock clock;
  private final MetricsEnvelopeFlattener flattener = new MetricsEnvelopeFlattener();
  private final StateChangeLog metricsHealth;
  private final StateChangeLog dumpHealth;

  TargetScraper(ScrapeTarget target, HttpFetcher fetcher, EnvelopeSink sink, Topics topics, EnvelopeLimits limits,
      Clock clock) {
    this(target, fetcher, sink, topics, limits, clock, LOG);
  }

  /** With the logger the endpoints' health goes to, so tests can read what an operator would see. */
  TargetScraper(ScrapeTarget target, HttpFetcher fetcher, EnvelopeSink sink, Topics topics, EnvelopeLimits limits,
      Clock clock, Logger log) {
    this.target = target;
    this.fetcher = fetcher;
    this.sink = sink;
    this.topics = topics;
    this.limits = limits;
    this.clock = clock;
    this.metricsHealth = new StateChangeLog(log, "metrics of " + describe(target));
    this.dumpHealth = new StateChangeLog(log, "goroutine dump of " + describe(target));
  }

  ScrapeTarget target() {
    return target;
  }

  void scrapeMetrics() {
    long scrapedAtMs = clock.millis();
    HttpUrl url = target.metricsUrl();
    Fetched fetched = fetcher.get(url, limits.maxRecordBytes());
    if (fetched instanceof Fetched.Failed failed) {
      metricsHealth.failed(failed.kind(), failed.message());
      return;
    }
    String body = ((Fetched.Body) fetched).text();
    if (body.isBlank()) {
      metricsHealth.failed("empty", "GET " + url + " answered an empty body; expected Prometheus text");
      return;
    }
    MetricsEnvelope envelope = MetricsEnvelope.ofBody(target.service(), target.instance(), scrapedAtMs, body);
    // Flattened as the job will flatten it: a page with no series (an HTML index, a proxy's error) is not a scrape.
    int series = flattener.flatten(envelope).sample().values().size();
    if (series == 0) {
      metricsHealth.failed("not Prometheus text", "GET " + url + " answered no Prometheus series; expected the "
          + "text format, found " + Quote.of(firstLine(body)));
      return;
    }
    publish(topics.metrics(), envelope, metricsHealth, series + " series");
  }

  void scrapeDump() {
    long scrapedAtMs = clock.millis();
    HttpUrl url = target.dumpUrl();
    Fetched fetched = fetcher.get(url, limits.maxDumpBytes());
    if (fetched instanceof Fetched.Failed failed) {
      dumpHealth.failed(failed.kind(), failed.message());
      return;
    }
    String text = ((Fetched.Body) fetched).text();
    if (!text.stripLeading().startsWith(DUMP_START)) {
      dumpHealth.failed("not a goroutine dump", "GET " + url + " answered no goroutine dump; expected a debug=2 "
          + "dump starting with \"goroutine 1 [...]:\", found " + Quote.of(firstLine(text))
          + " (is net/http/pprof imported?)");
      return;
    }
    publish(topics.dumps(), new DumpEnvelope(target.service(), target.instance(), scrapedAtMs, text), dumpHealth,
        text.length() + " chars");
  }

  private void publish(String topic, ServiceEnvelope envelope, StateChangeLog health, String size) {
    sink.send(topic, envelope).whenComplete((acknowledged, error) -> {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof EnvelopeRefusedException refused) {
        health.failed("too large", "refused the scrape: " + refused.getMessage());
        return;
      }
      // A Kafka failure is the sink's to report; the endpoint itself answered well.
      health.succeeded();
      if (cause == null) {
        LOG.info("published {} of {} to {} ({})", envelope.schema().id(), describe(target), topic, size);
      }
    });
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    String line = newline < 0 ? stripped : stripped.substring(0, newline);
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }

  static String describe(ScrapeTarget target) {
    return target.service() + " " + target.instance() + " (" + target.baseUrl() + ")";
  }
}
