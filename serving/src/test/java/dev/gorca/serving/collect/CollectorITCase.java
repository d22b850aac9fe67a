package dev.gorca.serving.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.ServiceEnvelope;
import dev.gorca.ingest.gotrace.CrashKind;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.ingest.prometheus.MetricsEnvelopeFlattener;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.job.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector against a real Go program: {@code lab/programs/nil_dereference/serve} serves /metrics and pprof
 * for a few seconds, then writes into a nil map and dies, its stderr appended to a file. The collector scrapes it
 * into the real embedded Kafka broker; the test reads the topics back as the job would. Needs one of the lab's Go
 * toolchains (lab/install-go.sh), the newest installed is used; skipped without.
 */
class CollectorITCase {
  /** The newest of the lab's toolchains that is installed (lab/install-go.sh installs all three). */
  private static final String GO_VERSION = Stream.of("1.23", "1.21", "1.19")
      .filter(version -> Files.isExecutable(go(version))).findFirst().orElse(null);
  private static final String SERVICE = "pricing-edge";
  private static final Duration SERVE_FOR = Duration.ofSeconds(5);

  static {
    System.setProperty("org.slf4j.simpleLogger.log.dev.gorca.serving.collect", "info");
  }

  @TempDir Path work;

  @Test
  void a_real_go_service_that_crashes_ships_metrics_dumps_and_exactly_one_crash() throws Exception {
    assumeTrue(GO_VERSION != null, "no Go toolchain of the lab (1.19, 1.21, 1.23) is installed under /usr/lib/go-*; "
        + "run: bash lab/install-go.sh");
    Path binary = buildServe();
    int port = freePort();
    String instance = "127.0.0.1:" + port;
    Path stderr = Files.createFile(work.resolve("serve.stderr"));
    Path offsets = work.resolve("collect-offsets.properties");

    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      kafka.createTopics(Topics.DEFAULTS, 1);
      ScrapeTarget target = ScrapeTarget.of("http://" + instance, SERVICE, null);
      CollectorSettings settings = CollectorSettings.of(List.of(target), List.of(new CrashFile(stderr, target)), offsets)
          .withIntervals(Duration.ofMillis(500), Duration.ofMillis(1500))
          .withCrashTiming(Duration.ofMillis(200), Duration.ofSeconds(1))
          .withTimeout(Duration.ofSeconds(3));
      long startedAtMs = System.currentTimeMillis();
      // The collector starts first: the target is down until the program listens, and comes up.
      try (Collector collector = Collector.start(settings, sink(kafka), Clock.systemUTC())) {
        Process serve = startServe(binary, port, stderr);
        assertTrue(serve.waitFor(SERVE_FOR.toSeconds() + 20, TimeUnit.SECONDS), "the program did not exit");
        assertEquals(2, serve.exitValue(), "a Go panic exits with 2; stderr:\n" + Files.readString(stderr));
        awaitRecords(kafka, Topics.DEFAULTS.crashes(), 1, Duration.ofSeconds(20));
        // Longer than a quiet period and a few polls: a second crash envelope would be there by now.
        Thread.sleep(2500);
      }
      // A restarted collector with the same offsets file must not publish the crash again.
      try (Collector restarted = Collector.start(settings, sink(kafka), Clock.systemUTC())) {
        Thread.sleep(2500);
      }
      long stoppedAtMs = System.currentTimeMillis();

      List<ConsumerRecord<String, byte[]>> metrics = readAll(kafka, Topics.DEFAULTS.metrics());
      List<ConsumerRecord<String, byte[]>> dumps = readAll(kafka, Topics.DEFAULTS.dumps());
      List<ConsumerRecord<String, byte[]>> crashes = readAll(kafka, Topics.DEFAULTS.crashes());
      System.out.printf("collector against a real Go %s program: %d metrics, %d dumps, %d crash envelopes%n",
          GO_VERSION, metrics.size(), dumps.size(), crashes.size());

      assertTrue(metrics.size() >= 3, "expected a metrics envelope per 500 ms for 5 s, found " + metrics.size());
      for (ConsumerRecord<String, byte[]> record : metrics) {
        MetricsEnvelope envelope = decode(record, MetricsEnvelope.class, instance, startedAtMs, stoppedAtMs);
        MetricSample sample = new MetricsEnvelopeFlattener().flatten(envelope).sample();
        assertTrue(sample.value("go_goroutines").orElse(0) > 0, "go_goroutines in " + sample.values().keySet());
        assertTrue(sample.value("go_memstats_heap_alloc_bytes").isPresent());
        assertTrue(sample.value("process_resident_memory_bytes").isPresent());
      }
      MetricSample last = new MetricsEnvelopeFlattener().flatten(
          decode(metrics.get(metrics.size() - 1), MetricsEnvelope.class, instance, startedAtMs, stoppedAtMs)).sample();
      assertTrue(last.value("http_requests_total{code=\"200\",handler=\"/v1/price\"}").orElse(0) > 0,
          "the program's own request counter, in " + last.values().keySet());

      assertFalse(dumps.isEmpty(), "expected at least one goroutine dump");
      for (ConsumerRecord<String, byte[]> record : dumps) {
        GoTrace dump = new GoTraceParser().parse(
            decode(record, DumpEnvelope.class, instance, startedAtMs, stoppedAtMs).text());
        assertEquals(CrashKind.NONE, dump.kind());
        assertTrue(dump.goroutines().size() > 0, "goroutines in the dump");
        assertEquals(List.of(), dump.warnings(), "a pprof dump parses without warnings");
      }

      assertEquals(1, crashes.size(), "crash envelopes");
      CrashEnvelope crash = decode(crashes.get(0), CrashEnvelope.class, instance, startedAtMs, stoppedAtMs);
      GoTrace trace = new GoTraceParser().parse(crash.text());
      assertEquals(CrashKind.NIL_DEREFERENCE, trace.kind(), crash.text());
      assertEquals("assignment to entry in nil map", trace.message());
      assertEquals("main.(*PriceCache).Refresh", trace.goroutines().get(0).frames().get(0).function());
      assertTrue(crash.text().contains("ERROR upstream pricing feed unavailable"),
          "the log lines before the panic come with it");
      assertEquals(Files.readString(stderr), crash.text(), "the whole stderr, written after the collector started");
    }
  }

  private Path buildServe() throws IOException, InterruptedException {
    Path lab = LabCaptures.repoRoot().resolve("lab");
    Path binary = work.resolve("serve");
    Path log = work.resolve("go-build.log");
    ProcessBuilder build = new ProcessBuilder(go(GO_VERSION).toString(), "build", "-o", binary.toString(),
        "./programs/nil_dereference/serve")
        .directory(lab.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // As lab/capture.sh builds: no cgo, no toolchain download, no module proxy.
    build.environment().putAll(Map.of("CGO_ENABLED", "0", "GOTOOLCHAIN", "local", "GOPROXY", "off", "GOFLAGS", ""));
    Process process = build.start();
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "go build did not finish in 3 minutes");
    assertEquals(0, process.exitValue(), "go build failed:\n" + Files.readString(log));
    return binary;
  }

  private static Path go(String version) {
    return Path.of("/usr/lib/go-" + version + "/bin/go");
  }

  private static Process startServe(Path binary, int port, Path stderr) throws IOException {
    ProcessBuilder serve = new ProcessBuilder(binary.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    serve.environment().putAll(Map.of("GOTRACEBACK", "all", "GORCA_HTTP_ADDR", "127.0.0.1:" + port,
        "GORCA_SERVE_SECONDS", String.valueOf(SERVE_FOR.toSeconds())));
    return serve.start();
  }

  private static KafkaEnvelopeSink sink(EmbeddedKafka kafka) {
    return KafkaEnvelopeSink.connect(kafka.bootstrapServers(), "collector-it", new EnvelopeCodec().limits());
  }

  private static <T extends ServiceEnvelope> T decode(ConsumerRecord<String, byte[]> record, Class<T> type,
      String instance, long fromMs, long toMs) {
    Decoded decoded = new EnvelopeCodec().decode(record.value());
    assertTrue(decoded instanceof Decoded.Accepted, "decodes: " + decoded);
    T envelope = type.cast(((Decoded.Accepted) decoded).envelope());
    assertEquals(instance, record.key(), "the Kafka key is the instance");
    assertEquals(SERVICE, envelope.service());
    assertEquals(instance, envelope.instance());
    assertTrue(envelope.tsMs() >= fromMs - 1000 && envelope.tsMs() <= toMs, "ts_ms " + envelope.tsMs()
        + " within the run [" + fromMs + ", " + toMs + "]");
    return envelope;
  }

  private static void awaitRecords(EmbeddedKafka kafka, String topic, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readAll(kafka, topic).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " record(s) on " + topic + " within " + timeout);
      }
      Thread.sleep(200);
    }
  }

  /** Every record of the topic's single partition, from the beginning to the current end. */
  private static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
