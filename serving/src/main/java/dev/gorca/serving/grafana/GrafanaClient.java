package dev.gorca.serving.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends JSON requests to one Grafana with a bearer token. Answers 401/403 become an error at once (a token does not
 * get better by asking again); 5xx answers and connection failures are retried with exponential backoff when the
 * request is safe to repeat, up to the {@link RetryPolicy}; every other answer goes back to the caller to interpret.
 */
public final class GrafanaClient {
  static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether sending a request twice leaves Grafana as sending it once (so a lost answer may be retried). */
  public enum Repeat { SAFE, UNSAFE }

  private final HttpUrl baseUrl;
  private final String token;
  private final OkHttpClient http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  public GrafanaClient(HttpUrl baseUrl, String token, OkHttpClient http, RetryPolicy retry, Sleeper sleeper) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    this.token = Objects.requireNonNull(token, "token == null");
    this.http = Objects.requireNonNull(http, "http == null");
    this.retry = Objects.requireNonNull(retry, "retry == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("expected a Grafana service account token, found a blank one");
    }
  }

  /** A client for Grafana at {@code url} (e.g. {@code http://grafana:3000} or one served under a path). */
  public static GrafanaClient create(String url, String token, RetryPolicy retry, Sleeper sleeper) {
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url == null"));
    if (parsed == null) {
      throw new IllegalArgumentException("expected Grafana's base URL such as http://localhost:3000, found \"" + url
          + "\"");
    }
    OkHttpClient http = new OkHttpClient.Builder()
        // Our own loop counts the attempts; OkHttp's silent extra try would make the bound a lie.
        .retryOnConnectionFailure(false)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30))
        .build();
    return new GrafanaClient(parsed, token, http, retry, sleeper);
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** {@code GET}: always safe to repeat. A 404 is an answer, not an error. */
  public GrafanaResponse get(String... pathSegments) {
    return send("GET", null, Repeat.SAFE, pathSegments);
  }

  /** {@code PUT} replaces the object at the path: safe to repeat. */
  public GrafanaResponse put(JsonNode body, String... pathSegments) {
    return send("PUT", body, Repeat.SAFE, pathSegments);
  }

  public GrafanaResponse post(JsonNode body, Repeat repeat, String... pathSegments) {
    return send("POST", body, repeat, pathSegments);
  }

  private GrafanaResponse send(String method, JsonNode body, Repeat repeat, String... pathSegments) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    for (String segment : pathSegments) {
      url.addPathSegment(segment);
    }
    HttpUrl target = url.build();
    String what = method + " " + target.encodedPath();
    Request request = new Request.Builder()
        .url(target)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .method(method, body == null ? null : RequestBody.create(write(body), JSON_TYPE))
        .build();
    int attempts = repeat == Repeat.SAFE ? retry.maxAttempts() : 1;
    for (int attempt = 1; ; attempt++) {
      GrafanaResponse response;
      try {
        response = execute(what, request);
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new GrafanaException("cannot reach Grafana at " + baseUrl + " for " + what + " (" + describe(e)
              + ") after " + attempt + (attempt == 1 ? " attempt" : " attempts")
              + "; check --url and that Grafana is running and reachable from here", e);
        }
        backOff(attempt);
        continue;
      }
      refuseAuthorization(response);
      if (response.code() >= 500 && attempt < attempts) {
        backOff(attempt);
        continue;
      }
      if (response.code() >= 500) {
        throw new GrafanaException("Grafana failed " + what + " with " + response.code() + " \"" + response.message()
            + "\" " + (attempts == 1 ? "(not retried: repeating this request is not safe)" : "after " + attempt
            + " attempts") + "; look at Grafana's log, then run the command again");
      }
      return response;
    }
  }

  private GrafanaResponse execute(String what, Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      ResponseBody responseBody = response.body();
      String raw = responseBody == null ? "" : responseBody.string();
      return new GrafanaResponse(what, response.code(), parse(raw), raw);
    }
  }

  /** 401 and 403 are about the token, not the moment: asking again cannot help. */
  private static void refuseAuthorization(GrafanaResponse response) {
    if (response.code() == 401) {
      throw new GrafanaException("Grafana refused the token for " + response.what() + " (401 Unauthorized: \""
          + response.message() + "\"); check --token: it must be a valid, unexpired service account token of this"
          + " Grafana's organization, sent as 'Authorization: Bearer <token>'");
    }
    if (response.code() == 403) {
      throw new GrafanaException("Grafana denied " + response.what() + " (403 Forbidden: \"" + response.message()
          + "\"); the token's service account lacks the permission: give it the Admin role (data sources need"
          + " Admin, folders and dashboards Editor), or the object is read-only because a provisioning file"
          + " manages it");
    }
  }

  private void backOff(int failedAttempt) {
    try {
      sleeper.sleep(retry.delayAfter(failedAttempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GrafanaException("interrupted while waiting to retry a request to Grafana at " + baseUrl, e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static JsonNode parse(String raw) {
    if (raw.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      return null; // a proxy's HTML error page: the raw text is kept for the message
    }
  }

  private static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
