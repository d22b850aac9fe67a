package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Objects;

/**
 * One answer from Grafana's HTTP API.
 *
 * @param what the request as a user reads it, e.g. {@code GET /api/folders/gorca}
 * @param body the parsed JSON body, or a missing node when the body was empty or not JSON
 */
public record GrafanaResponse(String what, int code, JsonNode body, String rawBody) {
  public GrafanaResponse {
    Objects.requireNonNull(what, "what == null");
    body = body == null ? MissingNode.getInstance() : body;
    rawBody = rawBody == null ? "" : rawBody;
  }

  public boolean isSuccessful() {
    return code >= 200 && code < 300;
  }

  /** Grafana's own words: the {@code message} of its JSON error body, else the raw body. */
  public String message() {
    JsonNode message = body.path("message");
    String text = message.isTextual() ? message.asText() : rawBody.strip();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** Grafana's {@code status} field (412 answers: version-mismatch, name-exists, plugin-dashboard), or "". */
  public String status() {
    return body.path("status").asText("");
  }

  /** This response, if it is a 2xx; else an error naming the request, the answer and what Grafana said. */
  public GrafanaResponse requireSuccess() {
    if (!isSuccessful()) {
      throw new GrafanaException(what + " was answered " + code + ": \"" + message() + "\"");
    }
    return this;
  }
}
