package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.model.taxonomy.Playbook;
import dev.gorca.model.taxonomy.Playbooks;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.serving.store.IncidentFilter;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.LabelAgreement;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.ReviewItem;
import dev.gorca.serving.store.StoredIncident;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML pages, rendered on the server through {@link Html} (every value escaped). Forms that change state
 * carry the session's CSRF token; the only script is /static/gorca.js, for expanding goroutine buckets.
 */
final class Pages {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final IncidentStore store;
  private final Access access;
  private final Labelling labelling;
  private final ModelCatalog models;

  Pages(IncidentStore store, Access access, Labelling labelling, ModelCatalog models) {
    this.store = store;
    this.access = access;
    this.labelling = labelling;
    this.models = models;
  }

  // ---- incident list

  void incidents(Context ctx) {
    IncidentFilter filter = Requests.filter(ctx);
    List<StoredIncident> page = store.list(filter);
    Map<String, Label> labels = store.latestLabels(page.stream().map(StoredIncident::incidentId).toList());
    Html body = new Html().raw("<h1>Incidents</h1>").append(filterForm(filter));
    body.raw("<table class=\"incidents\" id=\"incidents\"><thead><tr><th>When</th><th>Service</th><th>Instance</th>"
        + "<th>Top cause</th><th>p</th><th>Label</th><th>Model</th></tr></thead><tbody>");
    for (StoredIncident incident : page) {
      body.append(row(incident, labels.get(incident.incidentId())));
    }
    body.raw("</tbody></table>");
    if (page.isEmpty()) {
      body.raw("<p class=\"muted\">No incidents match.</p>");
    }
    if (page.size() == filter.limit()) {
      body.raw("<p><a class=\"next\"").attr("href", listUrl(filter, page.get(page.size() - 1).tsMs()))
          .raw(">Older incidents &rarr;</a></p>");
    }
    send(ctx, "Incidents", body);
  }

  private Html filterForm(IncidentFilter f) {
    Html form = new Html().raw("<form class=\"filters\" method=\"get\" action=\"/incidents\">")
        .raw("<label>Service <input name=\"service\"").attr("value", f.service() == null ? "" : f.service())
        .raw("></label> <label>Root cause <select name=\"root_cause\"><option value=\"\">any</option>");
    for (RootCause cause : RootCause.all()) {
      form.raw("<option").attr("value", cause.id()).raw(cause.id().equals(f.rootCause()) ? " selected>" : ">")
          .text(cause.id()).raw("</option>");
    }
    form.raw("</select></label> <label>Min confidence <input name=\"min_confidence\" type=\"number\" min=\"0\""
        + " max=\"1\" step=\"0.05\"").attr("value", f.minConfidence() == null ? "" : f.minConfidence())
        .raw("></label> <label>Labelled <select name=\"labelled\">")
        .raw(option("", "any", f.labelled() == null)).raw(option("true", "yes", Boolean.TRUE.equals(f.labelled())))
        .raw(option("false", "no", Boolean.FALSE.equals(f.labelled())))
        .raw("</select></label> <button type=\"submit\">Filter</button></form>");
    return form;
  }

  private static String option(String value, String text, boolean selected) {
    return "<option value=\"" + value + "\"" + (selected ? " selected" : "") + ">" + text + "</option>";
  }

  private static Html row(StoredIncident i, Label label) {
    RankedCause top = i.causes().isEmpty() ? null : i.causes().get(0);
    return new Html().raw("<tr").attr("data-id", i.incidentId()).raw("><td><a").attr("href", incidentUrl(i))
        .raw(">").text(TIME.format(Instant.ofEpochMilli(i.tsMs()))).raw("</a></td>")
        .element("td", i.service()).element("td", i.instance())
        .element("td", top == null ? "" : top.cause()).element("td", top == null ? "" : percent(top.probability()))
        .raw("<td class=\"label\">").text(label == null ? "" : label.rootCause() + " (" + label.operator() + ")")
        .raw("</td>").element("td", i.modelId()).raw("</tr>");
  }

  // ---- incident detail

  void incident(Context ctx) {
    String id = ctx.pathParam("id");
    StoredIncident incident = store.find(id).orElseThrow(() -> ApiException.notFound("no incident with id " + id));
    List<Label> labels = store.labels(id);
    ObjectNode doc = IncidentViews.document(incident);
    String title = doc.path("title").asText(incident.causes().isEmpty() ? "Incident"
        : RootCause.parse(incident.causes().get(0).cause()).map(RootCause::title).orElse("Incident"));
    Html body = new Html();
    if (ctx.queryParam("labelled") != null && !labels.isEmpty()) {
      body.raw("<p class=\"flash\" id=\"flash\">Label saved: ").text(labels.get(0).rootCause()).raw("</p>");
    }
    body.raw("<h1>").text(title).raw("</h1><p class=\"meta\">").text(incident.service()).raw(" &middot; ")
        .text(incident.instance()).raw(" &middot; ").text(TIME.format(Instant.ofEpochMilli(incident.tsMs())))
        .raw(" &middot; ").text(incident.type().id()).raw(" &middot; <code>").text(incident.incidentId())
        .raw("</code></p>");
    if (doc.path("novelty").path("novel").asBoolean(false)) {
      body.raw("<p class=\"novel\">Novel: unlike anything the model was trained on; review before trusting it.</p>");
    }
    body.append(crashSummary(doc)).append(diagnosis(doc, incident)).append(suspect(doc.path("suspect")))
        .append(labelSection(ctx, incident, labels)).append(buckets(doc.path("buckets")));
    Html charts = MetricChart.charts(doc.path("history"), incident.tsMs());
    body.raw("<section id=\"history\"><h2>Metrics before the incident</h2>");
    body.append(charts.toString().isEmpty() ? new Html().raw("<p class=\"muted\">No metrics were received.</p>")
        : charts);
    body.raw("</section>").append(similar(store.similar(id, JsonApi.SIMILAR_LIMIT)));
    IncidentViews.filedCause(incident, labels).ifPresent(c -> body.append(playbook(Playbooks.forCause(c))));
    send(ctx, title + " - " + incident.service(), body);
  }

  private static Html crashSummary(JsonNode doc) {
    Html html = new Html().raw("<section id=\"crash\"><h2>What happened</h2>");
    JsonNode crash = doc.path("crash");
    if (crash.isObject()) {
      html.raw("<pre class=\"message\" id=\"crash-message\">").text(crash.path("message").asText(""))
          .raw("</pre><dl class=\"facts\">").append(fact("Kind", crash.path("kind").asText("")))
          .append(fact("Go", crash.path("go_version").asText(""))).append(fact("Signal", crash.path("signal").asText("")))
          .append(fact("Exit code", crash.path("exit_code").asInt(-1) < 0 ? "" : crash.path("exit_code").asText()))
          .append(fact("Reason", crash.path("reason").asText("")))
          .append(fact("Goroutines", crash.path("goroutines").asInt(0) <= 0 ? "" : crash.path("goroutines").asText()))
          .append(fact("Fingerprint", crash.path("fingerprint").asText(""))).raw("</dl>");
    }
    JsonNode live = doc.path("live");
    if (live.isObject()) {
      html.raw("<p>").text(live.path("reason").asText("")).raw("</p><dl class=\"facts\">")
          .append(fact("Resource", live.path("resource").asText("")))
          .append(fact("Exhausted in", live.path("seconds_to_exhaustion").isNumber()
              ? MetricChart.number(live.path("seconds_to_exhaustion").asDouble() / 60) + " min" : ""))
          .raw("</dl>");
    }
    return html.raw("</section>");
  }

  private static Html fact(String name, String value) {
    return value == null || value.isEmpty() ? new Html() : new Html().element("dt", name).element("dd", value);
  }

  private static Html diagnosis(JsonNode doc, StoredIncident incident) {
    Html html = new Html().raw("<section id=\"diagnosis\"><h2>Likely causes</h2><table class=\"top\">");
    for (RankedCause cause : incident.causes()) {
      html.raw("<tr><td>").text(cause.cause()).raw("</td><td><meter min=\"0\" max=\"1\"")
          .attr("value", String.format(Locale.ROOT, "%.4f", cause.probability())).raw("></meter></td><td>")
          .text(percent(cause.probability())).raw("</td><td class=\"muted\">")
          .text(RootCause.parse(cause.cause()).map(RootCause::title).orElse("")).raw("</td></tr>");
    }
    html.raw("</table><p class=\"muted\">Model ").text(incident.modelId()).raw(", margin ")
        .text(String.format(Locale.ROOT, "%.2f", IncidentViews.margin(incident))).raw(", inputs ")
        .text(String.join(", ", incident.inputs())).raw("</p><h3>Why</h3><ul id=\"explanation\">");
    for (JsonNode reason : doc.path("explanation")) {
      html.element("li", reason.path("sentence").asText(""));
    }
    return html.raw("</ul></section>");
  }

  private static Html suspect(JsonNode suspect) {
    if (!suspect.isObject()) {
      return new Html();
    }
    Html html = new Html().raw("<section id=\"suspect\"><h2>Where to look</h2><p>")
        .text(suspect.path("sentence").asText("")).raw("</p><dl class=\"facts\">")
        .append(fact("Function", suspect.path("function").asText("")));
    String file = suspect.path("file").asText("");
    if (!file.isEmpty()) {
      html.append(fact("File", file + ":" + suspect.path("line").asText("")));
    }
    return html.append(fact("Created by", suspect.path("created_by").asText(""))).raw("</dl></section>");
  }

  /** Buckets as a goroutine-dump viewer shows them: collapsible, largest first, the first one open. */
  private static Html buckets(JsonNode buckets) {
    Html html = new Html().raw("<section id=\"buckets\"><h2>Goroutines</h2>");
    if (!buckets.isArray() || buckets.isEmpty()) {
      return html.raw("<p class=\"muted\">No goroutine buckets.</p></section>");
    }
    html.raw("<p class=\"bucket-tools\"><button type=\"button\" id=\"expand-all\">Expand all</button> "
        + "<button type=\"button\" id=\"collapse-all\">Collapse all</button> "
        + "<input type=\"search\" id=\"bucket-filter\" placeholder=\"filter by function or state\"></p>");
    boolean first = true;
    for (JsonNode b : buckets) {
      String waits = b.path("max_wait_minutes").asLong(0) > 0
          ? ", " + b.path("min_wait_minutes").asText() + "-" + b.path("max_wait_minutes").asText() + " min" : "";
      html.raw(first ? "<details class=\"bucket\" open><summary>" : "<details class=\"bucket\"><summary>")
          .raw("<span class=\"count\">").text(b.path("count").asText("")).raw("</span> <span class=\"state\">")
          .text(b.path("state").asText("") + waits).raw("</span> <code class=\"function\">")
          .text(b.path("function").asText("")).raw("</code></summary><dl class=\"facts\">")
          .append(fact("Function", b.path("function").asText("")))
          .append(fact("At", location(b.path("file").asText(""), b.path("line").asInt(0))))
          .append(fact("Category", b.path("category").asText("")))
          .append(fact("Created by", b.path("created_by").asText("")))
          .append(fact("Created at", location(b.path("created_by_file").asText(""), b.path("created_by_line").asInt(0))))
          .raw("</dl></details>");
      first = false;
    }
    return html.raw("</section>");
  }

  private static String location(String file, int line) {
    return file.isEmpty() ? "" : line > 0 ? file + ":" + line : file;
  }

  private static Html similar(List<StoredIncident> similar) {
    Html html = new Html().raw("<section id=\"similar\"><h2>Similar past incidents</h2>");
    if (similar.isEmpty()) {
      return html.raw("<p class=\"muted\">None with the same crash signature or top goroutine bucket.</p></section>");
    }
    html.raw("<ul>");
    for (StoredIncident s : similar) {
      html.raw("<li><a").attr("href", incidentUrl(s)).raw(">").text(TIME.format(Instant.ofEpochMilli(s.tsMs())))
          .raw("</a> ").text(s.service() + " / " + s.instance() + " - "
              + (s.causes().isEmpty() ? "" : s.causes().get(0).cause())).raw("</li>");
    }
    return html.raw("</ul></section>");
  }

  private static Html playbook(Playbook p) {
    Html html = new Html().raw("<section id=\"playbook\"><h2>What to do: ").text(p.cause().title())
        .raw("</h2><p>").text(p.description()).raw("</p><h3>What to check</h3><ol>");
    p.whatToCheck().forEach(step -> html.element("li", step));
    html.raw("</ol><h3>How to fix</h3><ol>");
    p.howToFix().forEach(step -> html.element("li", step));
    html.raw("</ol><h3>Not to be confused with</h3><ul>");
    p.tellApart().forEach(d -> html.raw("<li><b>").text(d.other().id()).raw("</b>: ").text(d.how()).raw("</li>"));
    html.raw("</ul><h3>References</h3><ul>");
    p.references().forEach(r -> html.element("li", r));
    return html.raw("</ul></section>");
  }

  // ---- labelling

  private Html labelSection(Context ctx, StoredIncident incident, List<Label> labels) {
    Html html = new Html().raw("<section id=\"labels\"><h2>Label</h2>");
    if (!labels.isEmpty()) {
      html.raw("<ul class=\"label-history\">");
      for (Label label : labels) {
        html.raw("<li><b>").text(label.rootCause()).raw("</b> by ").text(label.operator()).raw(", ")
            .text(TIME.format(Instant.ofEpochMilli(label.tsMs())));
        if (!label.comment().isEmpty()) {
          html.raw(": ").text(label.comment());
        }
        html.raw("</li>");
      }
      html.raw("</ul>");
    }
    Access.Session session = access.session(ctx);
    if (session == null || !session.principal().isOperator()) {
      return html.raw("<p><a id=\"login-to-label\"").attr("href", "/login?next=" + urlEncode(incidentUrl(incident)))
          .raw(">Log in as an operator</a> to label this incident.</p></section>");
    }
    String top = incident.causes().isEmpty() ? null : incident.causes().get(0).cause();
    html.raw("<form method=\"post\" id=\"label-form\"").attr("action", incidentUrl(incident) + "/label")
        .raw("><input type=\"hidden\" name=\"csrf\"").attr("value", session.csrfToken())
        .raw("><label>Root cause <select name=\"root_cause\" id=\"root-cause\">");
    for (RootCause cause : RootCause.all()) {
      html.raw("<option").attr("value", cause.id()).raw(cause.id().equals(top) ? " selected>" : ">")
          .text(cause.id() + " - " + cause.title() + (cause.id().equals(top) ? " (model's top cause)" : ""))
          .raw("</option>");
    }
    return html.raw("</select></label><label>Comment <textarea name=\"comment\" id=\"comment\" rows=\"3\""
        + " maxlength=\"65536\"></textarea></label><button type=\"submit\" id=\"save-label\">Save label as ")
        .text(session.principal().operator()).raw("</button></form></section>");
  }

  void label(Context ctx) {
    Access.Session session = access.requireOperatorForm(ctx, ctx.formParam("csrf"));
    Label label = labelling.label(ctx.pathParam("id"), ctx.formParam("root_cause"), ctx.formParam("comment"),
        session.principal().operator());
    ctx.redirect("/incidents/" + urlEncode(label.incidentId()) + "?labelled=1", HttpStatus.SEE_OTHER);
  }

  // ---- review queue

  void reviewQueue(Context ctx) {
    int limit = Requests.intParam(ctx, "limit", Requests.DEFAULT_PAGE, 1, IncidentFilter.MAX_LIMIT);
    Html body = new Html().raw("<h1>Review queue</h1><p class=\"muted\">Unlabelled incidents, the model's least"
        + " sure first (margin = p(top 1) - p(top 2)): these labels teach it most.</p>"
        + "<table id=\"review\"><thead><tr><th>Margin</th><th>When</th><th>Service</th><th>Top cause</th>"
        + "<th>Runner-up</th></tr></thead><tbody>");
    for (ReviewItem item : store.reviewQueue(limit)) {
      StoredIncident i = item.incident();
      body.raw("<tr").attr("data-id", i.incidentId()).raw(">")
          .element("td", String.format(Locale.ROOT, "%.3f", item.margin()))
          .raw("<td><a").attr("href", incidentUrl(i)).raw(">").text(TIME.format(Instant.ofEpochMilli(i.tsMs())))
          .raw("</a></td>").element("td", i.service())
          .element("td", i.causes().isEmpty() ? "" : i.causes().get(0).cause() + " " + percent(i.causes().get(0).probability()))
          .element("td", i.causes().size() < 2 ? "" : i.causes().get(1).cause() + " " + percent(i.causes().get(1).probability()))
          .raw("</tr>");
    }
    send(ctx, "Review queue", body.raw("</tbody></table>"));
  }

  // ---- model page

  void model(Context ctx) {
    ObjectNode catalog = models.json();
    Html body = new Html().raw("<h1>Model</h1><p>Live: <code id=\"live-model\">")
        .text(catalog.path("current").asText("none")).raw("</code></p>");
    body.append(agreement(store.labelAgreement(0)));
    body.raw("<h2>Versions</h2>");
    for (JsonNode version : catalog.path("versions")) {
      body.append(version(version));
    }
    send(ctx, "Model", body);
  }

  private static Html agreement(List<LabelAgreement> days) {
    Html html = new Html().raw("<section id=\"agreement\"><h2>Label agreement</h2>");
    if (days.isEmpty()) {
      return html.raw("<p class=\"muted\">No labels yet.</p></section>");
    }
    long labels = days.stream().mapToLong(LabelAgreement::labels).sum();
    long confirmed = days.stream().mapToLong(LabelAgreement::confirmed).sum();
    html.raw("<p id=\"agreement-total\">Operators confirmed the model's top cause in ").text(confirmed)
        .raw(" of ").text(labels).raw(" labels (").text(percent((double) confirmed / labels)).raw(").</p>")
        .raw("<table><thead><tr><th>Day</th><th>Labels</th><th>Confirmed</th><th>Share</th></tr></thead><tbody>");
    for (LabelAgreement day : days) {
      html.raw("<tr>").element("td", DAY.format(Instant.ofEpochMilli(day.dayStartMs()))).element("td", day.labels())
          .element("td", day.confirmed()).raw("<td><meter min=\"0\" max=\"1\"")
          .attr("value", String.format(Locale.ROOT, "%.3f", day.share())).raw("></meter> ")
          .text(percent(day.share())).raw("</td></tr>");
    }
    return html.raw("</tbody></table></section>");
  }

  private static Html version(JsonNode v) {
    boolean live = v.path("live").asBoolean();
    Html html = new Html().raw(live ? "<details class=\"version\" open><summary>" : "<details class=\"version\"><summary>")
        .raw("<code>").text(v.path("id").asText()).raw("</code> ").text(live ? "(live) " : "")
        .raw("<span class=\"muted\">trained ").text(v.path("trained_at").asText()).raw(", features ")
        .text(v.path("feature_schema").asText()).raw("</span></summary>");
    JsonNode eval = v.path("evaluation").path(ModelCatalog.HEADLINE_EVALUATION);
    if (!eval.isObject()) {
      return html.raw("<p class=\"muted\">No evaluation stored with this version.</p></details>");
    }
    html.raw("<h3>Leave-program-out evaluation (").text(eval.path("rows").asText()).raw(" cases)</h3><dl class=\"facts\">");
    eval.path("metrics").fields().forEachRemaining(m ->
        html.append(fact(m.getKey(), String.format(Locale.ROOT, "%.3f", m.getValue().asDouble()))));
    html.raw("</dl><table class=\"per-class\"><thead><tr><th>Cause</th><th>Precision</th><th>Recall</th><th>F1</th>"
        + "<th>Support</th></tr></thead><tbody>");
    eval.path("per_class").fields().forEachRemaining(c -> html.raw("<tr>").element("td", c.getKey())
        .element("td", fixed(c.getValue().path("precision"))).element("td", fixed(c.getValue().path("recall")))
        .element("td", fixed(c.getValue().path("f1"))).element("td", c.getValue().path("support").asText())
        .raw("</tr>"));
    html.raw("</tbody></table><h3>Confusion matrix</h3><p class=\"muted\">Rows: true cause; columns: predicted."
        + "</p><div class=\"scroll\"><table class=\"confusion\"><thead><tr><th></th>");
    JsonNode classes = eval.path("classes");
    for (int i = 0; i < classes.size(); i++) {
      html.raw("<th").attr("title", classes.get(i).asText()).raw(">").text(i + 1).raw("</th>");
    }
    html.raw("</tr></thead><tbody>");
    JsonNode confusion = eval.path("confusion");
    for (int r = 0; r < confusion.size(); r++) {
      html.raw("<tr><th>").text((r + 1) + " " + (r < classes.size() ? classes.get(r).asText() : "")).raw("</th>");
      JsonNode row = confusion.get(r);
      for (int c = 0; c < row.size(); c++) {
        long n = row.get(c).asLong();
        html.raw(n == 0 ? "<td class=\"zero\">" : r == c ? "<td class=\"hit\">" : "<td class=\"miss\">").text(n)
            .raw("</td>");
      }
      html.raw("</tr>");
    }
    return html.raw("</tbody></table></div></details>");
  }

  private static String fixed(JsonNode n) {
    return String.format(Locale.ROOT, "%.2f", n.asDouble());
  }

  // ---- login

  void loginForm(Context ctx) {
    sendLogin(ctx, 200, null);
  }

  private void sendLogin(Context ctx, int status, String problem) {
    String next = safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next"));
    Html body = new Html().raw("<h1>Log in</h1>");
    if (problem != null) {
      body.raw("<p class=\"error\" id=\"login-error\">").text(problem).raw("</p>");
    }
    body.raw("<form method=\"post\" action=\"/login\" id=\"login-form\"><input type=\"hidden\" name=\"csrf\"")
        .attr("value", access.loginCsrf(ctx)).raw("><input type=\"hidden\" name=\"next\"").attr("value", next)
        .raw("><label>Name <input name=\"name\" id=\"name\" autocomplete=\"username\"></label>"
            + "<label>Secret <input name=\"secret\" id=\"secret\" type=\"password\" autocomplete=\"current-password\">"
            + "</label><button type=\"submit\" id=\"login\">Log in</button></form><p class=\"muted\">Operators log"
            + " in with their name and secret to label; viewers with any name and the viewer token.</p>");
    ctx.status(status);
    send(ctx, "Log in", body);
  }

  void login(Context ctx) {
    access.requireLoginCsrf(ctx, ctx.formParam("csrf"));
    Access.Principal principal = access.login(ctx, ctx.formParam("name"), ctx.formParam("secret"));
    if (principal.role() == Access.Role.ANONYMOUS) {
      sendLogin(ctx, 401, "Unknown name or secret.");
      return;
    }
    ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
  }

  void logout(Context ctx) {
    Access.Session session = access.session(ctx);
    if (session != null && !java.security.MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
        String.valueOf(ctx.formParam("csrf")).getBytes(StandardCharsets.UTF_8))) {
      throw ApiException.forbidden("the form's CSRF token does not match your session; reload the page and retry");
    }
    access.logout(ctx);
    ctx.redirect("/incidents", HttpStatus.SEE_OTHER);
  }

  /** Only a path on this server: an open redirect would let a link send operators anywhere after logging in. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/incidents";
    }
    return next;
  }

  // ---- errors and layout

  void error(Context ctx, ApiException e) {
    if (e.status() == 401 && ctx.method().name().equals("GET")) {
      ctx.redirect("/login?next=" + urlEncode(ctx.path()), HttpStatus.SEE_OTHER);
      return;
    }
    ctx.status(e.status());
    send(ctx, "Error " + e.status(), new Html().raw("<h1>").text(e.status() + " " + e.error()).raw("</h1><p id=\"error\">")
        .text(e.getMessage()).raw("</p><p><a href=\"/incidents\">Back to incidents</a></p>"));
  }

  private void send(Context ctx, String title, Html body) {
    Html page = new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .text(title).raw(" - gorca</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<link rel=\"stylesheet\" href=\"/static/gorca.css\"><script src=\"/static/gorca.js\" defer></script>"
            + "</head><body><header><a class=\"brand\" href=\"/incidents\">gorca</a><nav>"
            + "<a href=\"/incidents\">Incidents</a><a href=\"/review\">Review queue</a><a href=\"/model\">Model</a>"
            + "</nav><span class=\"who\">");
    Access.Session session = access.session(ctx);
    if (session != null) {
      page.text(session.principal().isOperator() ? session.principal().operator() : "viewer")
          .raw(" <form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\"")
          .attr("value", session.csrfToken()).raw("><button type=\"submit\" id=\"logout\">Log out</button></form>");
    } else {
      page.raw("<a id=\"login-link\" href=\"/login\">Log in</a>");
    }
    page.raw("</span></header><main>").append(body).raw("</main></body></html>");
    ctx.contentType("text/html; charset=utf-8").result(page.toString());
  }

  private static String listUrl(IncidentFilter f, long before) {
    StringBuilder url = new StringBuilder("/incidents?limit=").append(f.limit());
    Optional.ofNullable(f.service()).ifPresent(s -> url.append("&service=").append(urlEncode(s)));
    Optional.ofNullable(f.rootCause()).ifPresent(s -> url.append("&root_cause=").append(urlEncode(s)));
    Optional.ofNullable(f.labelled()).ifPresent(s -> url.append("&labelled=").append(s));
    Optional.ofNullable(f.minConfidence()).ifPresent(s -> url.append("&min_confidence=").append(s));
    return url.append("&before=").append(before).toString();
  }

  static String incidentUrl(StoredIncident i) {
    return "/incidents/" + urlEncode(i.incidentId());
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String percent(double p) {
    return Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.0f%%", p * 100);
  }
}
