package dev.gorca.serving.http;

import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.store.IncidentStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UI and API with what feeds them from Kafka: the tail of incidents and dead letters for
 * {@code /metrics}, and the publisher of labels to the learning loop. Started together by
 * {@code gorca demo} and {@code gorca run}; closed server first, so no request publishes into a closed producer.
 */
public final class HttpStack implements AutoCloseable {
  private final PipelineTail tail;
  private final KafkaLabelPublisher labels;
  private final GorcaHttpServer server;

  private HttpStack(PipelineTail tail, KafkaLabelPublisher labels, GorcaHttpServer server) {
    this.tail = tail;
    this.labels = labels;
    this.server = server;
  }

  public static HttpStack start(HttpSettings settings, String bootstrapServers, Topics topics, IncidentStore store,
      Path registryDir) {
    PipelineMetrics metrics = new PipelineMetrics();
    PipelineTail tail = PipelineTail.start(bootstrapServers, topics.incidents(), topics.deadLetters(), metrics);
    KafkaLabelPublisher labels = null;
    try {
      labels = KafkaLabelPublisher.start(bootstrapServers, topics.labels());
      return new HttpStack(tail, labels, GorcaHttpServer.start(settings, store, labels, registryDir, metrics));
    } catch (RuntimeException e) {
      if (labels != null) labels.close();
      tail.close();
      throw e;
    }
  }

  /** The HTTP settings of {@code http.*}: bind address, port, viewer token, operators {@code name:token,...}. */
  public static HttpSettings settings(Settings settings) {
    Map<String, String> operators = new LinkedHashMap<>();
    for (String entry : settings.string(SettingKey.HTTP_OPERATORS).split(",")) {
      if (entry.isBlank()) continue;
      int colon = entry.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("setting http.operators: expected name:token[,name:token], found \""
            + entry.trim() + "\"");
      }
      operators.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
    }
    HttpSettings http = new HttpSettings(settings.string(SettingKey.HTTP_BIND), settings.integer(SettingKey.HTTP_PORT),
        null, operators, HttpSettings.DEFAULT_MAX_REQUEST_BYTES);
    return settings.get(SettingKey.HTTP_VIEWER_TOKEN).map(http::withViewerToken).orElse(http);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    tail.close();
    labels.close();
  }
}
