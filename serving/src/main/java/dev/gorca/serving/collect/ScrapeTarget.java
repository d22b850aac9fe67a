package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.Fields;
import okhttp3.HttpUrl;

/**
 * One Go service instance to scrape: its admin base URL and the names its envelopes carry.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:6060/}; {@code /metrics} and {@code /debug/pprof/...} are resolved
 *     against it, so a path prefix such as {@code http://host:6060/admin/} is kept
 * @param service the service name on every envelope
 * @param instance the instance name and Kafka key; defaults to the URL's {@code host:port}
 */
public record ScrapeTarget(HttpUrl baseUrl, String service, String instance) {
  static final String METRICS_PATH = "metrics";
  static final String DUMP_PATH = "debug/pprof/goroutine?debug=2";

  public ScrapeTarget {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl == null");
    }
    // The names go on every envelope: refuse at start-up what the envelope would refuse at every scrape.
    Fields.requireName("service", service, "checkout");
    Fields.requireName("instance", instance, "checkout-7d9f-x2k4p");
  }

  /** A target from a command-line URL; {@code instance} null means {@code host:port} of the URL. */
  public static ScrapeTarget of(String url, String service, String instance) {
    HttpUrl parsed = HttpUrl.parse(url == null ? "" : url.strip());
    if (parsed == null) {
      throw new IllegalArgumentException("expected an http:// or https:// URL of a Go service's admin port, e.g. "
          + "http://127.0.0.1:6060, found \"" + url + "\"");
    }
    if (!parsed.encodedPath().endsWith("/")) {
      // resolve() treats the last segment as a file name: keep a prefix such as /admin as a directory.
      parsed = parsed.newBuilder().addPathSegment("").build();
    }
    return new ScrapeTarget(parsed, service, instance == null ? parsed.host() + ":" + parsed.port() : instance);
  }

  public HttpUrl metricsUrl() {
    return baseUrl.resolve(METRICS_PATH);
  }

  public HttpUrl dumpUrl() {
    return baseUrl.resolve(DUMP_PATH);
  }
}
