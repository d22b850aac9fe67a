package dev.gorca.serving.job;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.EnvelopeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs Kafka into {@link GorcaJob}: one source per input topic (raw bytes; event time is assigned
 * from the envelope's ts_ms after decoding), exactly-once sinks for incidents and dead letters.
 * docs/operations.md, "The streaming job", explains the choices.
 */
public final class KafkaWiring {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWiring.class);

  /** Transactions commit on checkpoints: this is also the end-to-end latency of an incident. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  /** Below the broker's transaction.max.timeout.ms (15 min by default), above a few checkpoints. */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
  public static final String GROUP_ID = "gorca-job";

  private final String bootstrapServers;
  private final Topics topics;
  /** Extra client properties (security, say) for every source and sink; serializable for the job graph. */
  private final HashMap<String, String> kafkaProperties;

  public KafkaWiring(String bootstrapServers, Topics topics) {
    this(bootstrapServers, topics, Map.of());
  }

  public KafkaWiring(String bootstrapServers, Topics topics, Map<String, String> kafkaProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.kafkaProperties = new HashMap<>(kafkaProperties);
  }

  public static KafkaWiring of(PipelineConfig config) {
    return new KafkaWiring(config.bootstrapServers(), config.topics(), config.kafkaProperties());
  }

  /** The job with the configuration's settings, checkpointing and parallelism applied to {@code env}. */
  public static void build(PipelineConfig config, StreamExecutionEnvironment env) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    org.apache.flink.configuration.Configuration checkpoints = new org.apache.flink.configuration.Configuration();
    // A cancelled job (an upgrade, say) can be restarted from its last checkpoint.
    checkpoints.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (!config.checkpointDir().isBlank()) {
      checkpoints.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      checkpoints.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
    }
    env.configure(checkpoints);
    of(config).job(config.job()).build(env);
  }

  public GorcaJob job(JobSettings settings) {
    return new GorcaJob(new GorcaJob.Wiring(this::records, this::announcements, this::incidents, this::deadLetters,
        KafkaWiring::logRefusals, this::promotions), settings);
  }

  DataStream<RawRecord> records(StreamExecutionEnvironment env) {
    return topic(env, topics.crashes())
        .union(topic(env, topics.metrics()), topic(env, topics.dumps()), topic(env, topics.labels()));
  }

  DataStream<ModelAnnouncement> announcements(StreamExecutionEnvironment env) {
    return topic(env, topics.models())
        .flatMap(new DecodeAnnouncements(), TypeInformation.of(ModelAnnouncement.class))
        .name("decode model announcements")
        .uid(DecodeAnnouncements.UID);
  }

  private DataStream<RawRecord> topic(StreamExecutionEnvironment env, String topic) {
    KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(topic)
        .setGroupId(GROUP_ID)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(
            org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new KafkaRawRecords())
        // Only committed records of transactional producers (our own replays included).
        .setProperty("isolation.level", "read_committed")
        .setProperties(properties())
        .build();
    // No watermarks here: ts_ms is inside the envelope, read after decoding (GorcaJob).
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka " + topic).uid("source-" + topic);
  }

  void incidents(DataStream<ScoredIncident> incidents) {
    String topic = topics.incidents();
    KafkaRecordSerializationSchema<ScoredIncident> schema = (scored, context, timestamp) -> new ProducerRecord<>(topic,
        null, scored.incident.tsMs, scored.incident.incidentId.getBytes(StandardCharsets.UTF_8), IncidentJson.encode(scored));
    incidents.sinkTo(exactlyOnce(schema, "gorca-incidents")).name("kafka " + topic).uid("sink-incidents");
  }

  void deadLetters(DataStream<DeadLetter> letters) {
    String topic = topics.deadLetters();
    letters.sinkTo(exactlyOnce(new DeadLetterRecords(topic), "gorca-dlq")).name("kafka " + topic).uid("sink-dead-letters");
  }

  /**
   * At-least-once: an announcement is idempotent (a scorer already on that model ignores it), and it must not wait
   * for a checkpoint's transaction commit, which would add up to {@link #CHECKPOINT_INTERVAL} to the learning loop.
   */
  void promotions(DataStream<ModelAnnouncement> promoted) {
    String topic = topics.models();
    KafkaRecordSerializationSchema<ModelAnnouncement> schema = (announcement, context, timestamp) ->
        new ProducerRecord<>(topic, null, announcement.modelId.getBytes(StandardCharsets.UTF_8), announcement.toJson());
    promoted.sinkTo(KafkaSink.<ModelAnnouncement>builder()
            .setBootstrapServers(bootstrapServers)
            .setRecordSerializer(schema)
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setKafkaProducerConfig(properties())
            .build())
        .name("kafka " + topic).uid("sink-model-promotions");
  }

  static void logRefusals(DataStream<ModelRefusal> refusals) {
    // Already logged and counted by ScoreIncidents; nothing downstream reads them yet.
    refusals.sinkTo(new DiscardingSink<>()).name("model refusals (logged)").uid("sink-model-refusals");
  }

  private <T> KafkaSink<T> exactlyOnce(KafkaRecordSerializationSchema<T> schema, String transactionalIdPrefix) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        // After the job's own: a client property wins (kafka.transaction.timeout.ms up to the broker's maximum).
        .setKafkaProducerConfig(properties())
        .build();
  }

  private java.util.Properties properties() {
    java.util.Properties properties = new java.util.Properties();
    properties.putAll(kafkaProperties);
    return properties;
  }

  /**
   * The entry point on a Flink cluster ({@code flink run gorca-job.jar ...}): {@code [--config gorca.yaml]
   * [--<setting> value ...]}, settings as in docs/operations.md (also from {@code GORCA_*} environment
   * variables); {@code --bootstrap}, {@code --models} and {@code --topic.<name>} are kept as short forms.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, found " + args[i]
            + "; e.g. --config gorca.yaml --kafka.bootstrap.servers kafka:9092 --models.dir /shared/models");
      }
      options.put(longForm(args[i].substring(2)), args[i + 1]);
    }
    String file = options.remove("config");
    Settings settings = Settings.load(file == null ? null : Path.of(file), System.getenv(), options).requireKnownKeys();
    PipelineConfig config = PipelineConfig.from(settings);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(config, env);
    LOG.info("gorca job: Kafka {}, models {}, topics {}, store {}, learning {}", config.bootstrapServers(),
        config.job().registryDir(), config.topics(), config.job().store(), config.job().learning());
    env.execute("gorca");
  }

  static String longForm(String option) {
    if (option.equals("bootstrap")) return SettingKey.KAFKA_BOOTSTRAP.key();
    if (option.equals("models")) return SettingKey.MODELS_DIR.key();
    if (option.startsWith("topic.")) return "topics." + option.substring("topic.".length());
    return option;
  }
}
