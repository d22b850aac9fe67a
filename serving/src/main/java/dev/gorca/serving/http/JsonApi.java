package dev.gorca.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.store.IncidentFilter;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.ReviewItem;
import dev.gorca.serving.store.StoredIncident;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The handlers of {@code /api/*} (docs/api.md): each reads its input, asks one collaborator, writes JSON. */
final class JsonApi {
  static final int SIMILAR_LIMIT = 10;

  private final IncidentStore store;
  private final Access access;
  private final Labelling labelling;
  private final ScoringService scoring;
  private final ModelCatalog models;
  private final PipelineMetrics metrics;
  private final long maxRequestBytes;

  JsonApi(IncidentStore store, Access access, Labelling labelling, ScoringService scoring, ModelCatalog models,
      PipelineMetrics metrics, long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
    this.store = store;
    this.access = access;
    this.labelling = labelling;
    this.scoring = scoring;
    this.models = models;
    this.metrics = metrics;
  }

  void incidents(Context ctx) {
    IncidentFilter filter = Requests.filter(ctx);
    List<StoredIncident> page = store.list(filter);
    Map<String, Label> labels = store.latestLabels(page.stream().map(StoredIncident::incidentId).toList());
    ObjectNode body = IncidentViews.JSON.createObjectNode();
    ArrayNode rows = body.putArray("incidents");
    page.forEach(i -> rows.add(IncidentViews.summary(i, labels.get(i.incidentId()))));
    body.put("next", page.size() == filter.limit() ? nextPage(filter, page.get(page.size() - 1).tsMs()) : null);
    write(ctx, 200, body);
  }

  void incident(Context ctx) {
    String id = ctx.pathParam("id");
    StoredIncident incident = store.find(id).orElseThrow(() -> ApiException.notFound("no incident with id " + id));
    write(ctx, 200, IncidentViews.detail(incident, store.labels(id), store.similar(id, SIMILAR_LIMIT)));
  }

  void label(Context ctx) {
    Access.Principal operator = access.requireOperatorBearer(ctx);
    JsonNode body = Requests.jsonBody(ctx, maxRequestBytes);
    if (!body.isObject()) {
      throw ApiException.badRequest("expected a JSON object {\"root_cause\": \"...\", \"comment\": \"...\"}");
    }
    JsonNode cause = body.get("root_cause");
    JsonNode comment = body.get("comment");
    if (cause != null && !cause.isTextual() || comment != null && !comment.isNull() && !comment.isTextual()) {
      throw ApiException.badRequest("expected root_cause and comment to be strings");
    }
    Label label = labelling.label(ctx.pathParam("id"), cause == null ? null : cause.asText(),
        comment == null || comment.isNull() ? "" : comment.asText(), operator.operator());
    ObjectNode answer = IncidentViews.JSON.createObjectNode();
    answer.put("incident_id", label.incidentId());
    answer.set("label", IncidentViews.label(label));
    write(ctx, 201, answer);
  }

  void score(Context ctx) {
    JsonNode request = Requests.jsonBody(ctx, maxRequestBytes);
    long started = System.nanoTime();
    ObjectNode result = scoring.score(request);
    metrics.apiScore(System.nanoTime() - started);
    write(ctx, 200, result);
  }

  void models(Context ctx) {
    write(ctx, 200, models.json());
  }

  void reviewQueue(Context ctx) {
    int limit = Requests.intParam(ctx, "limit", Requests.DEFAULT_PAGE, 1, IncidentFilter.MAX_LIMIT);
    ObjectNode body = IncidentViews.JSON.createObjectNode();
    ArrayNode rows = body.putArray("incidents");
    for (ReviewItem item : store.reviewQueue(limit)) {
      rows.add(IncidentViews.summary(item.incident(), null).put("margin", item.margin()));
    }
    write(ctx, 200, body);
  }

  static void write(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(IncidentViews.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static void error(Context ctx, ApiException e) {
    ObjectNode body = IncidentViews.JSON.createObjectNode().put("error", e.error()).put("message", e.getMessage());
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"gorca\"");
    }
    write(ctx, e.status(), body);
  }

  private static String nextPage(IncidentFilter filter, long beforeTsMs) {
    StringBuilder url = new StringBuilder("/api/incidents?limit=").append(filter.limit());
    if (filter.service() != null) {
      url.append("&service=").append(URLEncoder.encode(filter.service(), StandardCharsets.UTF_8));
    }
    if (filter.rootCause() != null) {
      url.append("&root_cause=").append(filter.rootCause());
    }
    if (filter.labelled() != null) {
      url.append("&labelled=").append(filter.labelled());
    }
    if (filter.minConfidence() != null) {
      url.append("&min_confidence=").append(filter.minConfidence());
    }
    return url.append("&before=").append(beforeTsMs).toString();
  }
}
