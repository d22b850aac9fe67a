package dev.gorca.serving.http;

import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.serving.store.IncidentStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gorca's web server: the incident UI, the JSON API (docs/api.md), Prometheus {@code /metrics}. One route table
 * ({@link #routes}); handlers live in {@link JsonApi} and {@link Pages}. Security decisions are in docs/ui.md.
 */
public final class GorcaHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GorcaHttpServer.class);
  /** script-src 'self' and no inline script: an injected script tag would not run even if it got through. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final Javalin app;
  private final ScoringService scoring;

  private GorcaHttpServer(Javalin app, ScoringService scoring) {
    this.app = app;
    this.scoring = scoring;
  }

  /**
   * Starts the server and returns once it listens.
   *
   * @param labels where labels go besides the store ({@link KafkaLabelPublisher}, or {@link LabelPublisher#NONE})
   * @param modelRegistryDir the model registry: the model page and {@code POST /api/score} read it
   * @param metrics the stream-side figures, fed by a {@link PipelineTail} (or nothing, then they stay at zero)
   */
  public static GorcaHttpServer start(HttpSettings settings, IncidentStore store, LabelPublisher labels,
      Path modelRegistryDir, PipelineMetrics metrics) {
    return start(settings, store, labels, modelRegistryDir, metrics, Clock.systemUTC());
  }

  static GorcaHttpServer start(HttpSettings settings, IncidentStore store, LabelPublisher labels,
      Path modelRegistryDir, PipelineMetrics metrics, Clock clock) {
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(labels, "labels == null");
    Objects.requireNonNull(modelRegistryDir, "modelRegistryDir == null");
    Objects.requireNonNull(metrics, "metrics == null");
    DirectoryModelRegistry registry = new DirectoryModelRegistry(modelRegistryDir);
    Access access = new Access(settings, clock);
    Labelling labelling = new Labelling(store, labels, clock);
    ScoringService scoring = new ScoringService(registry, clock);
    ModelCatalog models = new ModelCatalog(registry, store);
    JsonApi api = new JsonApi(store, access, labelling, scoring, models, metrics,
        settings.maxRequestBytes());
    Pages pages = new Pages(store, access, labelling, models);
    MetricsEndpoint metricsEndpoint = new MetricsEndpoint(metrics, store, models);

    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = settings.maxRequestBytes();
      config.router.ignoreTrailingSlashes = true;
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/dev/gorca/serving/http/static";
        files.location = Location.CLASSPATH;
      });
    });
    routes(app, api, pages, metricsEndpoint, access, settings);
    try {
      app.start(settings.bindAddress(), settings.port());
    } catch (RuntimeException e) {
      scoring.close();
      throw new IllegalStateException("the HTTP server did not start on " + settings.bindAddress() + ":"
          + settings.port() + ": " + e.getMessage() + "; is the port taken?", e);
    }
    LOG.info("gorca UI and API on http://{}:{}/ ({})", settings.bindAddress(), app.port(), settings);
    return new GorcaHttpServer(app, scoring);
  }

  private static void routes(Javalin app, JsonApi api, Pages pages, MetricsEndpoint metrics, Access access,
      HttpSettings settings) {
    app.before(ctx -> guard(ctx, access, settings));

    app.get("/", ctx -> ctx.redirect("/incidents"));
    app.get("/incidents", pages::incidents);
    app.get("/incidents/{id}", pages::incident);
    app.post("/incidents/{id}/label", pages::label);
    app.get("/review", pages::reviewQueue);
    app.get("/model", pages::model);
    app.get("/login", pages::loginForm);
    app.post("/login", pages::login);
    app.post("/logout", pages::logout);

    app.get("/api/incidents", api::incidents);
    app.get("/api/incidents/{id}", api::incident);
    app.post("/api/incidents/{id}/label", api::label);
    app.post("/api/score", api::score);
    app.get("/api/models", api::models);
    app.get("/api/review-queue", api::reviewQueue);

    app.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
    app.get("/healthz", ctx -> ctx.result("ok"));

    app.exception(ApiException.class, (e, ctx) -> answerError(ctx, e, pages));
    app.exception(HttpResponseException.class, (e, ctx) -> answerError(ctx, translate(ctx, e, settings), pages));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
      answerError(ctx, new ApiException(500, "internal", "the server failed: " + e.getClass().getSimpleName()
          + "; see its log"), pages);
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        answerError(ctx, ApiException.notFound("no such page or endpoint: " + ctx.path()), pages);
      }
    });
  }

  /** Before every request: security headers, the size limit, and the viewing rule. */
  private static void guard(Context ctx, Access access, HttpSettings settings) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    long length = ctx.req().getContentLengthLong();
    if (length > settings.maxRequestBytes()) {
      throw ApiException.tooLarge(settings.maxRequestBytes());
    }
    String path = ctx.path();
    boolean open = path.equals("/login") || path.equals("/logout") || path.equals("/healthz")
        || path.startsWith("/static/");
    if (!open && !access.mayView(access.principal(ctx))) {
      throw ApiException.unauthorized("viewing needs the viewer token: log in, or send Authorization: Bearer <token>");
    }
  }

  private static ApiException translate(Context ctx, HttpResponseException e, HttpSettings settings) {
    return switch (e.getStatus()) {
      case 413 -> ApiException.tooLarge(settings.maxRequestBytes());
      case 404 -> ApiException.notFound("no such page or endpoint: " + ctx.path());
      case 415 -> ApiException.unsupportedMediaType(null);
      default -> new ApiException(e.getStatus(), e.getStatus() < 500 ? "bad_request" : "internal", e.getMessage());
    };
  }

  private static void answerError(Context ctx, ApiException e, Pages pages) {
    boolean api = ctx.path().startsWith("/api/") || ctx.path().equals("/metrics");
    if (api) {
      JsonApi.error(ctx, e);
    } else {
      pages.error(ctx, e);
    }
  }

  /** The port it listens on: the configured one, or the one picked when 0 was asked for. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    scoring.close();
  }
}
