package dev.gorca.serving.cli;

import dev.gorca.serving.config.GorcaHome;
import dev.gorca.serving.http.GorcaHttpServer;
import dev.gorca.serving.http.HttpSettings;
import dev.gorca.serving.http.KafkaLabelPublisher;
import dev.gorca.serving.http.LabelPublisher;
import dev.gorca.serving.http.PipelineMetrics;
import dev.gorca.serving.http.PipelineTail;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca serve}: the UI, API and /metrics on their own, against an external store (and Kafka). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the incident UI, the JSON API (docs/api.md) and Prometheus /metrics against an incident store.",
      "Secrets come from files or the environment, not the command line (which other users can see in ps)."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--store-url", required = true, paramLabel = "JDBC", description = "e.g. jdbc:postgresql://db:5432/gorca") String storeUrl;
  @Option(names = "--store-user", paramLabel = "USER", defaultValue = "postgres") String storeUser;
  @Option(names = "--store-password", paramLabel = "PASSWORD", description = "Default: $GORCA_STORE_PASSWORD.") String storePassword;
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka: labels are published to the labels topic and /metrics follows the incidents and dead-letter topics. Without it labels go only to the store.") String bootstrap;
  @Option(names = "--models", paramLabel = "DIR", description = "Model registry (default: the model shipped with gorca).") Path models;
  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free one).") int port;
  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).") String bind;
  @Option(names = "--operators-file", paramLabel = "FILE", description = "Operators who may label: one NAME=SECRET per line (secrets of 16+ characters).") Path operatorsFile;
  @Option(names = "--viewer-token-file", paramLabel = "FILE", description = "Protect viewing with the token in FILE (default: viewing is open).") Path viewerTokenFile;
  @Option(names = "--max-request-bytes", defaultValue = "" + HttpSettings.DEFAULT_MAX_REQUEST_BYTES, description = "Largest request body (default: ${DEFAULT-VALUE}).") long maxRequestBytes;
  @Option(names = "--topic.labels", defaultValue = "gorca.labels") String labelsTopic;
  @Option(names = "--topic.incidents", defaultValue = "gorca.incidents") String incidentsTopic;
  @Option(names = "--topic.dlq", defaultValue = "gorca.dlq") String deadLettersTopic;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HttpSettings settings = new HttpSettings(bind, port, viewerToken(), operators(), maxRequestBytes);
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(storeUrl);
    dataSource.setUser(storeUser);
    String password = storePassword != null ? storePassword : System.getenv("GORCA_STORE_PASSWORD");
    if (password != null) {
      dataSource.setPassword(password);
    }
    PipelineMetrics metrics = new PipelineMetrics();
    List<AutoCloseable> open = new ArrayList<>();
    LabelPublisher labels = LabelPublisher.NONE;
    if (bootstrap != null) {
      KafkaLabelPublisher publisher = KafkaLabelPublisher.start(bootstrap, labelsTopic);
      open.add(publisher);
      labels = publisher;
      open.add(PipelineTail.start(bootstrap, incidentsTopic, deadLettersTopic, metrics));
    }
    GorcaHttpServer server = GorcaHttpServer.start(settings, PostgresIncidentStore.open(dataSource), labels,
        models != null ? models : GorcaHome.shippedModels(), metrics);
    open.add(0, server);
    spec.commandLine().getOut().printf("gorca UI on http://%s:%d/ (Ctrl-C stops it)%n", bind, server.port());
    spec.commandLine().getOut().flush();
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeAll = () -> {
      if (closed.compareAndSet(false, true)) {
        for (AutoCloseable c : open) {
          try {
            c.close();
          } catch (Exception ignored) {
            // Shutting down anyway.
          }
        }
      }
    };
    Thread hook = new Thread(closeAll, "gorca-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException stop) {
      // Embedded use (tests): interrupting the command's thread stops the server.
      Runtime.getRuntime().removeShutdownHook(hook);
      closeAll.run();
    }
    return 0;
  }

  private String viewerToken() throws IOException {
    return viewerTokenFile == null ? null : Files.readString(viewerTokenFile).trim();
  }

  private Map<String, String> operators() throws IOException {
    Map<String, String> operators = new LinkedHashMap<>();
    if (operatorsFile == null) {
      return operators;
    }
    int n = 0;
    for (String line : Files.readAllLines(operatorsFile)) {
      n++;
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), operatorsFile + " line " + n
            + ": expected NAME=SECRET");
      }
      operators.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
    }
    return operators;
  }
}
