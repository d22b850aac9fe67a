package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the incidents and dead-letter topics from their latest offsets at start and feeds
 * {@link PipelineMetrics}: one consumer thread, {@code read_committed} (the job writes transactionally), no
 * consumer group (each gorca process counts what it saw since it started, as a Prometheus counter should).
 */
public final class PipelineTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineTail.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String incidentsTopic;
  private final String deadLettersTopic;
  private final PipelineMetrics metrics;
  private final DeadLetterCodec deadLetterCodec = new DeadLetterCodec();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  /** Why the consumer could not position itself, for {@link #start} to report; null while fine. */
  private volatile RuntimeException startFailure;

  private PipelineTail(KafkaConsumer<byte[], byte[]> consumer, String incidentsTopic, String deadLettersTopic,
      PipelineMetrics metrics) {
    this.consumer = consumer;
    this.incidentsTopic = incidentsTopic;
    this.deadLettersTopic = deadLettersTopic;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "gorca-pipeline-tail");
    this.thread.setDaemon(true);
  }

  /**
   * Starts following {@code incidentsTopic} and {@code deadLettersTopic} (normally {@code gorca.incidents} and
   * {@code gorca.dlq}) and returns once the consumer sits at their ends, so what is written after this call is
   * counted.
   */
  public static PipelineTail start(String bootstrapServers, String incidentsTopic, String deadLettersTopic,
      PipelineMetrics metrics) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers == null");
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        ConsumerConfig.CLIENT_ID_CONFIG, "gorca-http-pipeline-tail");
    PipelineTail tail = new PipelineTail(
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
        Objects.requireNonNull(incidentsTopic, "incidentsTopic == null"),
        Objects.requireNonNull(deadLettersTopic, "deadLettersTopic == null"),
        Objects.requireNonNull(metrics, "metrics == null"));
    tail.thread.start();
    try {
      boolean reached = tail.positioned.await(START_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
      if (tail.startFailure != null) {
        tail.close();
        throw new IllegalStateException("the pipeline tail cannot follow " + incidentsTopic + " and "
            + deadLettersTopic + " at " + bootstrapServers + ": " + tail.startFailure.getMessage(), tail.startFailure);
      }
      if (!reached) {
        tail.close();
        throw new IllegalStateException("the pipeline tail could not reach Kafka at " + bootstrapServers
            + " within " + START_TIMEOUT.toSeconds() + " s; is it up and do " + incidentsTopic + " and "
            + deadLettersTopic + " exist?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tail.close();
      throw new IllegalStateException("interrupted while starting the pipeline tail", e);
    }
    return tail;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(incidentsTopic, deadLettersTopic)) {
        List<PartitionInfo> found = consumer.partitionsFor(topic, START_TIMEOUT);
        if (found == null || found.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist; create gorca's topics first");
        }
        for (PartitionInfo p : found) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // position() resolves the lazy seek now, so "positioned" means records written from here on are seen.
      partitions.forEach(consumer::position);
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.topic().equals(incidentsTopic)) {
            incident(record.value());
          } else {
            deadLetter(record.value());
          }
        }
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer.
    } catch (RuntimeException e) {
      if (positioned.getCount() > 0) {
        startFailure = e;
        positioned.countDown();
      } else {
        LOG.warn("the pipeline tail stopped: {}; /metrics no longer counts new incidents", e.toString());
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void incident(byte[] value) {
    try {
      JsonNode incident = JSON.readTree(value);
      JsonNode top = incident.path("top").path(0).path("root_cause");
      if (!incident.path("service").isTextual() || !top.isTextual()) {
        metrics.unreadable(incidentsTopic);
        return;
      }
      JsonNode scoringUs = incident.get("scoring_us");
      metrics.incident(incident.get("service").asText(), top.asText(),
          incident.path("model").path("id").asText(""),
          scoringUs != null && scoringUs.canConvertToLong() ? scoringUs.asLong() : -1);
    } catch (java.io.IOException | RuntimeException e) {
      metrics.unreadable(incidentsTopic);
    }
  }

  private void deadLetter(byte[] value) {
    try {
      DeadLetter letter = deadLetterCodec.decode(value);
      metrics.deadLetter(letter.reason().name());
    } catch (RuntimeException e) {
      metrics.unreadable(deadLettersTopic);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      consumer.wakeup();
    } catch (RuntimeException alreadyClosed) {
      // The thread ended on its own and closed the consumer.
    }
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
