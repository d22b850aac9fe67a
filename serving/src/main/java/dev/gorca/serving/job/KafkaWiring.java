package dev.gorca.serving.job;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.EnvelopeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
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
  /** Options named {@code kafka.<property>} are Kafka client properties for every source and sink. */
  public static final String KAFKA_OPTION_PREFIX = "kafka.";

  private final String bootstrapServers;
  private final Topics topics;
  private final Properties clientProperties;

  public KafkaWiring(String bootstrapServers, Topics topics) {
    this(bootstrapServers, topics, new Properties());
  }

  /**
   * @param clientProperties Kafka client properties (security, timeouts, ...) for every source and sink; they
   *     override the job's own settings of the same name
   */
  public KafkaWiring(String bootstrapServers, Topics topics, Properties clientProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.clientProperties = new Properties();
    this.clientProperties.putAll(clientProperties);
  }

  /**
   * The Kafka client properties among {@code options}: {@code kafka.security.protocol=SASL_SSL} becomes
   * {@code security.protocol=SASL_SSL}. Bootstrap servers have their own option.
   */
  public static Properties clientProperties(Map<String, String> options) {
    Properties properties = new Properties();
    options.forEach((name, value) -> {
      if (!name.startsWith(KAFKA_OPTION_PREFIX)) return;
      String property = name.substring(KAFKA_OPTION_PREFIX.length());
      if (property.equals("bootstrap.servers")) {
        throw new IllegalArgumentException("expected the Kafka servers as --bootstrap HOST:PORT, found --" + name);
      }
      properties.setProperty(property, value);
    });
    return properties;
  }

  /** What every source's consumers get: read_committed, then the client properties. */
  Properties consumerProperties() {
    Properties properties = new Properties();
    // Only committed records of transactional producers (our own replays included).
    properties.setProperty("isolation.level", "read_committed");
    properties.putAll(clientProperties);
    return properties;
  }

  /** What every sink's producers get: the transaction timeout, then the client properties. */
  Properties producerProperties() {
    Properties properties = new Properties();
    properties.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
    properties.putAll(clientProperties);
    return properties;
  }

  public GorcaJob job(String registryDir) {
    return new GorcaJob(this::records, this::announcements, this::incidents, this::deadLetters, KafkaWiring::logRefusals,
        registryDir, AssemblyConfig.defaults(), EnvelopeLimits.DEFAULT);
  }

  DataStream<RawRecord> records(StreamExecutionEnvironment env) {
    return topic(env, topics.crashes()).union(topic(env, topics.metrics()), topic(env, topics.dumps()));
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
        .setProperties(consumerProperties())
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

  static void logRefusals(DataStream<ModelRefusal> refusals) {
    // Already logged and counted by ScoreIncidents; nothing downstream reads them yet.
    refusals.sinkTo(new DiscardingSink<>()).name("model refusals (logged)").uid("sink-model-refusals");
  }

  private <T> KafkaSink<T> exactlyOnce(KafkaRecordSerializationSchema<T> schema, String transactionalIdPrefix) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(producerProperties())
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .build();
  }

  /**
   * {@code --bootstrap HOST:PORT --models DIR [--topic.crashes NAME ...] [--kafka.<property> VALUE ...]}: runs the
   * job against Kafka. docs/operations.md lists the options; "Running on a Flink cluster" shows {@code flink run}.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value pairs, found " + args[i]);
      options.put(args[i].substring(2), args[i + 1]);
    }
    String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
    String models = options.getOrDefault("models", "models");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
    Properties clientProperties = clientProperties(options);
    new KafkaWiring(bootstrap, Topics.from(options), clientProperties).job(models).build(env);
    // Names only: values can be secrets (sasl.jaas.config, ssl.keystore.password).
    LOG.info("gorca job: Kafka {}, models {}, topics {}, Kafka client properties {}", bootstrap, models,
        Topics.from(options), new TreeSet<>(clientProperties.stringPropertyNames()));
    env.execute("gorca");
  }
}
