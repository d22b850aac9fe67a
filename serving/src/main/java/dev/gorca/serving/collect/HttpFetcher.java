package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.EnvelopeLimits;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * GETs scrape endpoints with OkHttp, bounded in time and size: a body past the limit is refused without being
 * buffered whole, so a runaway endpoint cannot take the collector's memory.
 */
public final class HttpFetcher implements AutoCloseable {
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final OkHttpClient client;

  /** {@code timeout} bounds a whole call (connect, headers, body); connecting gets at most 3 s of it. */
  public HttpFetcher(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("expected a positive timeout, found " + timeout);
    }
    Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
    this.client = new OkHttpClient.Builder()
        .connectTimeout(connect)
        .readTimeout(timeout)
        .callTimeout(timeout)
        // A scrape is retried at the next interval; OkHttp's own retry would only stretch a failing call.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  /** GETs {@code url}; a body over {@code maxBytes} is refused as {@code too large}. Never throws for I/O. */
  public Fetched get(HttpUrl url, long maxBytes) {
    Request request = new Request.Builder().url(url).header("User-Agent", "gorca-collect").build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        return new Fetched.Failed("HTTP " + response.code(), "GET " + url + " answered HTTP " + response.code()
            + " " + response.message() + "; expected 200 (is this a Go service's admin port with net/http/pprof "
            + "and a Prometheus handler?)");
      }
      return readBounded(url, response.body(), maxBytes);
    } catch (IOException e) {
      return new Fetched.Failed("unreachable", "GET " + url + " failed: " + e
          + "; the service is down or not listening there, retrying at every interval");
    }
  }

  private static Fetched readBounded(HttpUrl url, ResponseBody body, long maxBytes) throws IOException {
    if (body == null) {
      return new Fetched.Body("");
    }
    long declared = body.contentLength();
    if (declared > maxBytes) {
      return tooLarge(url, declared + " bytes", maxBytes);
    }
    BufferedSource source = body.source();
    // request(n) is true when at least n bytes arrived: one more than the limit means the body is over it.
    if (source.request(maxBytes + 1)) {
      return tooLarge(url, "more than " + maxBytes + " bytes", maxBytes);
    }
    return new Fetched.Body(source.getBuffer().readUtf8());
  }

  private static Fetched tooLarge(HttpUrl url, String size, long maxBytes) {
    return new Fetched.Failed("too large", "refused the answer of GET " + url + ": " + size + ", the envelope "
        + "limit is " + EnvelopeLimits.describe(maxBytes) + "; raise gorca.envelope.max.*.bytes on producer and "
        + "consumers (docs/events.md) or scrape less");
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
