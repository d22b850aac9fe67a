package dev.gorca.serving.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The few calls of Flink's REST API that submitting a jar takes (the same ones {@code flink run} and the web UI use):
 * task managers, jar upload and run, job status, cancel. Errors carry the status and body Flink answered.
 */
final class FlinkRest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final List<String> TERMINAL_STATES = List.of("FAILED", "CANCELED", "FINISHED");

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  FlinkRest(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Number of task managers registered with the resource manager, or -1 while the REST endpoint is not up. */
  int registeredTaskManagers() {
    try {
      return get("/taskmanagers").get("taskmanagers").size();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Waits until {@code count} task managers are registered; {@code alive} throws if a cluster JVM died. */
  void awaitTaskManagers(int count, Duration timeout, Runnable alive) throws InterruptedException {
    awaitTrue(() -> registeredTaskManagers() >= count, timeout, alive,
        "expected " + count + " registered task managers at " + baseUrl + "/taskmanagers");
  }

  /** {@code POST /jars/upload}: returns the jar id that {@link #run} takes. */
  String upload(Path jar) throws IOException {
    String boundary = "gorca-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload")).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    JsonNode answer = send(request, 200);
    String file = answer.path("filename").asText();
    if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
      throw new IOException("expected {status: success, filename: ...} from POST /jars/upload, found " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /** {@code POST /jars/{id}/run} with program arguments; the entry class comes from the jar's manifest. */
  String run(String jarId, List<String> programArgs, int parallelism) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.putPOJO("programArgsList", programArgs);
    body.put("parallelism", parallelism);
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
        .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
    return send(request, 200).path("jobid").asText();
  }

  /** {@code GET /jobs/{id}}: state, vertices with their parallelism and status. */
  JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** Waits until the job and every one of its vertices are RUNNING; fails early if the job ends. */
  void awaitRunning(String jobId, Duration timeout, Runnable alive) throws InterruptedException {
    awaitTrue(() -> {
      JsonNode job = uncheckedJob(jobId);
      String state = job.path("state").asText();
      if (TERMINAL_STATES.contains(state)) {
        throw new IllegalStateException("expected job " + jobId + " to run, it is " + state + ": " + exceptions(jobId));
      }
      if (!"RUNNING".equals(state)) return false;
      for (JsonNode vertex : job.path("vertices")) {
        if (!"RUNNING".equals(vertex.path("status").asText())) return false;
      }
      return true;
    }, timeout, alive, "expected job " + jobId + " and all its tasks RUNNING");
  }

  /** {@code PATCH /jobs/{id}?mode=cancel}, then waits until the job has ended; a job that already ended is left. */
  void cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
    if (TERMINAL_STATES.contains(job(jobId).path("state").asText())) return;
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
        .timeout(REQUEST_TIMEOUT).method("PATCH", HttpRequest.BodyPublishers.noBody()).build();
    send(request, 202);
    awaitTrue(() -> TERMINAL_STATES.contains(uncheckedJob(jobId).path("state").asText()), timeout, () -> {},
        "expected job " + jobId + " CANCELED after PATCH ?mode=cancel");
  }

  /** Each vertex's current input watermark per subtask, for failure messages: "name: [w0, w1]". */
  String watermarks(String jobId) {
    StringBuilder out = new StringBuilder();
    try {
      for (JsonNode vertex : job(jobId).path("vertices")) {
        List<String> values = new java.util.ArrayList<>();
        for (JsonNode metric : get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/watermarks")) {
          values.add(metric.path("id").asText() + "=" + metric.path("value").asText());
        }
        out.append(vertex.path("name").asText()).append(": ").append(values).append('\n');
      }
    } catch (IOException e) {
      out.append("(no watermarks: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }

  /** The root exception of a failed job, or the job's answer when there is none. */
  String exceptions(String jobId) {
    try {
      JsonNode answer = get("/jobs/" + jobId + "/exceptions");
      JsonNode history = answer.path("exceptionHistory").path("entries");
      return history.size() > 0 ? history.get(0).path("stacktrace").asText() : answer.toString();
    } catch (IOException e) {
      return "(no exceptions: " + e.getMessage() + ")";
    }
  }

  private JsonNode uncheckedJob(String jobId) {
    try {
      return job(jobId);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read job " + jobId + " from " + baseUrl, e);
    }
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).GET().build(), 200);
  }

  private JsonNode send(HttpRequest request, int expectedStatus) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
    }
    if (response.statusCode() != expectedStatus) {
      throw new IOException("expected " + expectedStatus + " from " + request.method() + " " + request.uri()
          + ", found " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
  }

  private static void awaitTrue(Supplier<Boolean> condition, Duration timeout, Runnable alive, String expectation)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      alive.run();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(expectation + " within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }
}
