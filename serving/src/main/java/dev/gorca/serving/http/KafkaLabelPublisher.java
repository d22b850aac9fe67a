package dev.gorca.serving.http;

import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.serving.store.Label;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes labels as {@code gorca.label/v1} envelopes (docs/events.md) to the labels topic, keyed by incident id so
 * one incident's labels stay in order. Idempotent producer with acks=all: a label the operator saw accepted is on
 * every in-sync replica and a retried send is not duplicated.
 */
public final class KafkaLabelPublisher implements LabelPublisher, AutoCloseable {
  /** How long an operator's click may wait for the broker before it is told to retry. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final EnvelopeCodec codec = new EnvelopeCodec();

  private KafkaLabelPublisher(KafkaProducer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A publisher to {@code topic} (normally {@code gorca.labels}) on the cluster at {@code bootstrapServers}. */
  public static KafkaLabelPublisher start(String bootstrapServers, String topic) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers == null");
    Objects.requireNonNull(topic, "topic == null");
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.CLIENT_ID_CONFIG, "gorca-http-labels",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    return new KafkaLabelPublisher(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), topic);
  }

  @Override
  public void publish(Label label) {
    LabelEnvelope envelope = new LabelEnvelope(label.tsMs(), label.incidentId(), label.rootCause(), label.operator(),
        label.comment().isEmpty() ? null : label.comment(), null, null);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, label.tsMs(),
        label.incidentId().getBytes(StandardCharsets.UTF_8), codec.encode(envelope));
    try {
      producer.send(record).get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the label of " + label.incidentId(), e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot publish the label of " + label.incidentId() + " to " + topic + ": "
          + cause + "; is Kafka up? The label was not stored; try again", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
