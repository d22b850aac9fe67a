package dev.gorca.serving.demo;

import dev.gorca.serving.config.GorcaHome;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.http.HttpSettings;
import dev.gorca.serving.http.HttpStack;
import dev.gorca.serving.job.LocalJob;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * gorca on the embedded default: a real Kafka broker and PostgreSQL with their data under one
 * directory, the streaming job on a Flink MiniCluster, the web UI, and traffic replayed from the lab.
 * {@link #close()} stops everything in reverse order and leaves no process or lock behind.
 */
public final class DemoRuntime implements AutoCloseable {
  /**
   * @param dataDir where Kafka, PostgreSQL, the model registry and checkpoints keep their state
   * @param uiPort the web UI's port; 0 for any free one
   * @param services simulated services (0: no traffic)
   * @param crashEvery mean time between incidents across the simulated fleet
   */
  public record Options(Path dataDir, int uiPort, int services, int kafkaPort, int minLabels, Duration maxWait,
      Duration crashEvery) {
    public static final int DEFAULT_UI_PORT = 8080;
    public static final Duration DEFAULT_CRASH_EVERY = Duration.ofSeconds(15);
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final PrintWriter out;
  private EmbeddedKafka kafka;
  private EmbeddedPostgres postgres;
  private PipelineConfig pipeline;
  private PostgresIncidentStore store;
  private JobClient job;
  private TrafficGenerator traffic;
  private IncidentConsole console;
  private Path registryDir;
  private int uiPort = -1;
  private String operatorSecret;
  /** The operator the demo prints a login for. */
  public static final String DEMO_OPERATOR = "demo";

  private DemoRuntime(PrintWriter out) {
    this.out = out;
  }

  /** Starts everything, printing progress; on a failure, what was started is stopped again. */
  public static DemoRuntime start(Options options, PrintWriter out) {
    DemoRuntime runtime = new DemoRuntime(out);
    try {
      runtime.startAll(options);
      return runtime;
    } catch (RuntimeException | Error e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll(Options options) {
    Path data = options.dataDir().toAbsolutePath();
    requireFreePort(options.uiPort()); // before anything starts, not after a minute of start-up
    step("PostgreSQL", () -> {
      postgres = EmbeddedPostgres.start(data.resolve("postgres"));
      started.push(postgres);
      return (postgres.initializedOnStart() ? "initialized" : "reused") + " on port " + postgres.port() + " in "
          + millis(postgres.startupTime());
    });
    step("Kafka (KRaft)", () -> {
      kafka = EmbeddedKafka.start(data.resolve("kafka"), options.kafkaPort());
      started.push(kafka);
      return kafka.bootstrapServers() + " in " + millis(kafka.startupTime());
    });
    step("model registry", () -> {
      registryDir = data.resolve("models");
      boolean copied = copyShippedModels(registryDir);
      return registryDir + (copied ? " (copied from gorca's models/)" : "");
    });
    pipeline = PipelineConfig.from(Settings.of(Map.of(
        SettingKey.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
        SettingKey.MODELS_DIR.key(), registryDir.toString(),
        SettingKey.STORE_URL.key(), postgres.jdbcUrl(),
        SettingKey.LEARNING_MIN_LABELS.key(), String.valueOf(options.minLabels()),
        SettingKey.LEARNING_MAX_WAIT.key(), options.maxWait().toSeconds() + "s",
        SettingKey.JOB_CHECKPOINT_INTERVAL.key(), "5s",
        SettingKey.JOB_CHECKPOINT_DIR.key(), data.resolve("checkpoints").toUri().toString())));
    step("topics", () -> {
      kafka.createTopics(pipeline.topics(), 2);
      return String.join(", ", pipeline.topics().all());
    });
    step("store schema", () -> {
      store = new StoreSettings(postgres.jdbcUrl(), "", "").open();
      return "up to date";
    });
    step("Flink job (MiniCluster)", () -> {
      job = startJob(pipeline);
      started.push(this::stopJob);
      return "job " + job.getJobID();
    });
    step("web UI and API", () -> {
      operatorSecret = HttpSettings.randomSecret();
      HttpStack http = HttpStack.start(HttpSettings.local(options.uiPort(), Map.of(DEMO_OPERATOR, operatorSecret)),
          kafka.bootstrapServers(), pipeline.topics(), store, registryDir);
      started.push(http);
      uiPort = http.port();
      return "http://127.0.0.1:" + uiPort + "/";
    });
    step("incident console", () -> {
      console = IncidentConsole.start(kafka.bootstrapServers(), pipeline.topics().incidents(), out, this::replayedCase);
      started.push(console);
      return "printing scored incidents below";
    });
    if (options.services() > 0) {
      step("traffic", () -> {
        traffic = new TrafficGenerator(producer(kafka.bootstrapServers()), pipeline.topics(),
            LabReplay.readAll(GorcaHome.labCaptures()),
            TrafficGenerator.Options.demo(options.services()).withCrashEvery(options.crashEvery()),
            Clock.systemUTC()).start();
        started.push(traffic);
        return options.services() + " services replaying lab incidents";
      });
    }
  }

  private static void requireFreePort(int port) {
    if (port == 0) return;
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " for the web UI is taken; stop what uses it or pick another"
          + " with --port");
    }
  }

  /** The lab case a simulated instance replayed, or null. */
  public String replayedCase(String instance) {
    return traffic == null ? null : traffic.replayedCase(instance);
  }

  private static JobClient startJob(PipelineConfig config) {
    return LocalJob.start(config, "gorca demo");
  }

  private void stopJob() throws Exception {
    if (job != null) LocalJob.stop(job);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.CLIENT_ID_CONFIG, "gorca-demo-traffic"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Copies the shipped registry once, so the learning loop promotes into the demo's copy, never into gorca's. */
  private static boolean copyShippedModels(Path target) {
    if (Files.exists(target.resolve("CURRENT"))) return false;
    Path source = GorcaHome.shippedModels();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(to);
        else Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy gorca's shipped models from " + source + " to " + target, e);
    }
  }

  private interface Step {
    String run() throws Exception;
  }

  private void step(String what, Step step) {
    long startedAt = System.nanoTime();
    out.printf("  %-24s ", what + " ...");
    out.flush();
    try {
      String result = step.run();
      out.printf("%s (%s)%n", result, millis(Duration.ofNanos(System.nanoTime() - startedAt)));
      out.flush();
    } catch (Exception e) {
      out.println("FAILED");
      out.flush();
      if (e instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException(what + " did not start: " + e.getMessage(), e);
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  public PipelineConfig pipeline() {
    return pipeline;
  }

  public String storeUrl() {
    return postgres.jdbcUrl();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Path registryDir() {
    return registryDir;
  }

  /** The demo operator's secret (login form, or {@code Authorization: Bearer} on the API); new at every start. */
  public String operatorSecret() {
    return operatorSecret;
  }

  /** The UI's port, or -1 without a UI. */
  public int uiPort() {
    return uiPort;
  }

  public Map<String, Long> trafficSent() {
    return traffic == null ? Map.of() : traffic.sent();
  }

  /** Stops what was started, newest first; safe to call twice and from a shutdown hook. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        out.println("  while stopping: " + e);
        out.flush();
      }
    }
  }
}
