package dev.gorca.serving.bench;

import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.job.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker every phase shares, with a fresh set of topics per job, and the job's configuration as
 * {@code gorca run} would build it from settings.
 */
final class BenchCluster {
  private final EmbeddedKafka kafka;
  private final int parallelism;

  BenchCluster(EmbeddedKafka kafka, int parallelism) {
    this.kafka = kafka;
    this.parallelism = parallelism;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  int partitions() {
    return parallelism;
  }

  /** Seven new topics named {@code <prefix>.crashes} ..., one partition per subtask. */
  Topics createTopics(String prefix) {
    Topics topics = new Topics(prefix + ".crashes", prefix + ".metrics", prefix + ".dumps", prefix + ".labels",
        prefix + ".models", prefix + ".incidents", prefix + ".dlq");
    kafka.createTopics(topics, parallelism);
    return topics;
  }

  /**
   * The job on {@code topics} with the given registry, checkpoint interval and, when {@code storeUrl} is not null,
   * the store and the learning loop after {@code minLabels} labels.
   */
  PipelineConfig config(Topics topics, Path models, Duration checkpointInterval, String storeUrl, int minLabels,
      Path captures) {
    Map<String, String> settings = new HashMap<>();
    settings.put(SettingKey.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
    settings.put(SettingKey.TOPIC_CRASHES.key(), topics.crashes());
    settings.put(SettingKey.TOPIC_METRICS.key(), topics.metrics());
    settings.put(SettingKey.TOPIC_DUMPS.key(), topics.dumps());
    settings.put(SettingKey.TOPIC_LABELS.key(), topics.labels());
    settings.put(SettingKey.TOPIC_MODELS.key(), topics.models());
    settings.put(SettingKey.TOPIC_INCIDENTS.key(), topics.incidents());
    settings.put(SettingKey.TOPIC_DLQ.key(), topics.deadLetters());
    settings.put(SettingKey.MODELS_DIR.key(), models.toString());
    settings.put(SettingKey.JOB_PARALLELISM.key(), String.valueOf(parallelism));
    settings.put(SettingKey.JOB_CHECKPOINT_INTERVAL.key(), checkpointInterval.toMillis() + "ms");
    settings.put(SettingKey.LEARNING_LAB_CAPTURES.key(), captures.toString());
    if (storeUrl != null) {
      settings.put(SettingKey.STORE_URL.key(), storeUrl);
      settings.put(SettingKey.LEARNING_MIN_LABELS.key(), String.valueOf(minLabels));
      settings.put(SettingKey.LEARNING_MAX_WAIT.key(), "10m"); // the count triggers the step, not the clock
    }
    return PipelineConfig.from(Settings.of(settings).requireKnownKeys());
  }

  /**
   * A producer for the inputs.
   *
   * @param lingerMs 0 for the latency runs (send at once); more for the burst, where full batches matter
   */
  KafkaProducer<byte[], byte[]> producer(String clientId, int lingerMs) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
        ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024, ProducerConfig.CLIENT_ID_CONFIG, clientId),
        new ByteArraySerializer(), new ByteArraySerializer());
  }
}
