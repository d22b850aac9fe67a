package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.ServiceEnvelope;
import dev.gorca.ingest.kafka.EnvelopeKafkaConfig;
import dev.gorca.ingest.kafka.EnvelopeSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes envelopes with an idempotent, acks=all Kafka producer, keyed by instance. Envelopes are encoded by
 * the contract's {@link EnvelopeSerializer} before the producer sees them, so an oversize one is refused here
 * with the serializer's message instead of failing inside the producer.
 */
public final class KafkaEnvelopeSink implements EnvelopeSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEnvelopeSink.class);
  /** Room for the record batch, key and headers around the largest value (as the embedded broker allows). */
  static final int BATCH_OVERHEAD_BYTES = EnvelopeLimits.MIB;
  /** How long send() may block when Kafka is unreachable before the envelope is given up (logged). */
  static final Duration MAX_BLOCK = Duration.ofSeconds(10);
  /** How long a stop waits for queued envelopes; with Kafka down they are given up after it. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<String, byte[]> producer;
  private final EnvelopeSerializer serializer;
  private final StateChangeLog kafkaHealth;

  KafkaEnvelopeSink(Producer<String, byte[]> producer, EnvelopeSerializer serializer, String bootstrapServers) {
    this.producer = producer;
    this.serializer = serializer;
    this.kafkaHealth = new StateChangeLog(LOG, "Kafka at " + bootstrapServers);
  }

  public static KafkaEnvelopeSink connect(String bootstrapServers, String clientId, EnvelopeLimits limits) {
    Map<String, Object> config = producerConfig(bootstrapServers, clientId, limits);
    EnvelopeSerializer serializer = new EnvelopeSerializer();
    serializer.configure(config, false);
    return new KafkaEnvelopeSink(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
        serializer, bootstrapServers);
  }

  static Map<String, Object> producerConfig(String bootstrapServers, String clientId, EnvelopeLimits limits) {
    int largestRequest = limits.largest() + BATCH_OVERHEAD_BYTES;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // No duplicates from producer retries and no reordering within an instance's partition.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // Dumps are up to 64 MiB of text: let one through, and keep it small on the wire.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, largestRequest);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, (long) largestRequest + 32L * EnvelopeLimits.MIB);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
    config.put(EnvelopeKafkaConfig.MAX_RECORD_BYTES, limits.maxRecordBytes());
    config.put(EnvelopeKafkaConfig.MAX_DUMP_BYTES, limits.maxDumpBytes());
    return config;
  }

  @Override
  public CompletableFuture<Void> send(String topic, ServiceEnvelope envelope) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    byte[] value;
    try {
      value = serializer.serialize(topic, envelope);
    } catch (SerializationException e) {
      acknowledged.completeExceptionally(new EnvelopeRefusedException(e.getMessage(), e));
      return acknowledged;
    }
    try {
      producer.send(new ProducerRecord<>(topic, envelope.instance(), value), (metadata, error) -> {
        if (error == null) {
          kafkaHealth.succeeded();
          acknowledged.complete(null);
        } else {
          failed(topic, error);
          acknowledged.completeExceptionally(error);
        }
      });
    } catch (KafkaException e) {
      // send() throws, rather than calling back, when it cannot even queue the record (e.g. no metadata in time).
      failed(topic, e);
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  private void failed(String topic, Exception error) {
    kafkaHealth.failed(error.getClass().getSimpleName(), "could not publish to " + topic + ": " + error
        + "; envelopes are dropped (crash output is kept and retried) until Kafka answers again");
  }

  @Override
  public void close() {
    // close() sends what is queued first; flush() would wait out the delivery timeout (2 min) when Kafka is down.
    producer.close(CLOSE_TIMEOUT);
  }
}
