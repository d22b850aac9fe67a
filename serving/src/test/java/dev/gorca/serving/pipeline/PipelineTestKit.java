package dev.gorca.serving.pipeline;

import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.job.KafkaWiring;
import dev.gorca.serving.job.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the pipeline ITCases share: real lab incidents as envelopes, producing, consuming, starting the job. */
final class PipelineTestKit {
  static final Path CAPTURES = LabCaptures.repoRoot().resolve("lab/captures");
  static final Path SHIPPED_MODELS = LabCaptures.repoRoot().resolve("models");
  /** Crash-signature cases every decent model gets right: the test is about the pipeline, not the model. */
  static final List<String> EASY_CASES = List.of("go1.23/concurrent_map_access/map_writes",
      "go1.23/nil_dereference/nil_method_receiver", "go1.23/stack_overflow/infinite_recursion");

  private final EmbeddedKafka kafka;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final KafkaProducer<byte[], byte[]> producer;

  PipelineTestKit(EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Topics topics(String prefix) {
    return new Topics(prefix + ".crashes", prefix + ".metrics", prefix + ".dumps", prefix + ".labels",
        prefix + ".models", prefix + ".incidents", prefix + ".dlq");
  }

  static LabReplay replay(String caseId) {
    return LabReplay.read(CAPTURES, caseId);
  }

  static String rootCauseOf(String caseId) {
    return caseId.split("/")[1];
  }

  /** A pipeline on the test's broker, store and registry, at parallelism 1 so one watermark drives everything. */
  PipelineConfig config(Topics topics, String storeUrl, Path registry, int minLabels) {
    Map<String, String> settings = new HashMap<>();
    settings.put(SettingKey.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
    for (SettingKey key : List.of(SettingKey.TOPIC_CRASHES, SettingKey.TOPIC_METRICS, SettingKey.TOPIC_DUMPS,
        SettingKey.TOPIC_LABELS, SettingKey.TOPIC_MODELS, SettingKey.TOPIC_INCIDENTS, SettingKey.TOPIC_DLQ)) {
      String suffix = key.key().substring("topics.".length());
      settings.put(key.key(), topics.all().stream().filter(t -> t.endsWith("." + suffix)).findFirst().orElseThrow());
    }
    settings.put(SettingKey.MODELS_DIR.key(), registry.toString());
    settings.put(SettingKey.STORE_URL.key(), storeUrl);
    settings.put(SettingKey.LEARNING_MIN_LABELS.key(), String.valueOf(minLabels));
    settings.put(SettingKey.LEARNING_MAX_WAIT.key(), "10m");
    settings.put(SettingKey.LEARNING_LAB_CAPTURES.key(), CAPTURES.toString());
    settings.put(SettingKey.JOB_PARALLELISM.key(), "1");
    settings.put(SettingKey.JOB_CHECKPOINT_INTERVAL.key(), "1s");
    kafka.createTopics(topics, 1);
    return PipelineConfig.from(Settings.of(settings).requireKnownKeys());
  }

  static JobClient start(PipelineConfig config, Configuration flink) throws Exception {
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    KafkaWiring.build(config, env);
    return env.executeAsync("gorca pipeline test");
  }

  static void stop(JobClient job) throws Exception {
    job.cancel().get();
    try {
      job.getJobExecutionResult().get();
    } catch (java.util.concurrent.ExecutionException cancelled) {
      // the job ends cancelled
    }
  }

  /** Sends one instance's death: metrics, dump and crash of the lab case, the crash at {@code crashTsMs}. */
  void sendIncident(Topics topics, String caseId, String service, String instance, long crashTsMs) {
    for (LabReplay.Step step : replay(caseId).steps(service, instance, crashTsMs,
        new LabReplay.TopicNames(topics.crashes(), topics.metrics(), topics.dumps()))) {
      send(step.topic(), instance, codec.encode((Envelope) step.envelope()));
    }
  }

  /** A healthy scrape far enough after everything else that the watermark passes every crash's grace period. */
  void advanceEventTime(Topics topics, long tsMs) {
    send(topics.metrics(), "clock", codec.encode(MetricsEnvelope.ofValues("clock", "clock-0", tsMs,
        Map.of("go_goroutines", 10.0))));
  }

  void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not produce to " + topic, e);
    }
  }

  byte[] encode(Envelope envelope) {
    return codec.encode(envelope);
  }

  /** Reads {@code topic} from the start (committed records only) until {@code done} holds or the timeout passes. */
  List<ConsumerRecord<byte[], byte[]>> consumeUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The newest completed checkpoint under {@code dir}, for restoring a cancelled job. */
  static Path latestCheckpoint(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max((a, b) -> Integer.compare(checkpointNumber(a), checkpointNumber(b)))
          .orElseThrow(() -> new IllegalStateException("no completed checkpoint under " + dir));
    }
  }

  private static int checkpointNumber(Path chk) {
    String name = chk.getFileName().toString();
    return name.startsWith("chk-") ? Integer.parseInt(name.substring(4)) : -1;
  }

  static void copyRegistry(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(target);
        else Files.copy(file, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close() {
    producer.close();
  }
}
