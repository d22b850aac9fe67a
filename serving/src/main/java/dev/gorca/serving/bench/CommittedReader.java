package dev.gorca.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.serving.embedded.EmbeddedKafka;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic of JSON records from the start as a {@code read_committed} consumer does, noting when each record
 * became visible ({@link System#nanoTime()} when the poll returned it). On the incidents topic that is when a
 * checkpoint committed the sink's transaction: what a downstream consumer of gorca sees.
 */
final class CommittedReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record and when it was read. */
  record Arrival(long nanos, JsonNode json) {
    String text(String field) {
      JsonNode node = json.at(field);
      return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Thread thread;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Map<String, Arrival> firstById = new LinkedHashMap<>();
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  CommittedReader(String bootstrapServers, String topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "gorca-bench-" + topic + "-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "gorca-bench-reader-" + topic);
    thread.setDaemon(true);
  }

  CommittedReader start() {
    consumer.subscribe(List.of(topic));
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(POLL);
        if (records.isEmpty()) continue;
        long now = System.nanoTime();
        List<Arrival> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) batch.add(new Arrival(now, parse(record)));
        synchronized (this) {
          arrivals.addAll(batch);
          for (Arrival arrival : batch) {
            String id = arrival.text("/id");
            if (id != null) firstById.putIfAbsent(id, arrival);
          }
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e;
      synchronized (this) {
        notifyAll();
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new IllegalStateException("expected JSON on " + topic + ", partition " + record.partition() + ", offset "
          + record.offset() + ": " + e.getMessage(), e);
    }
  }

  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The first arrival of each {@code id} (an incident's id field), in arrival order. */
  synchronized Map<String, Arrival> firstById() {
    return new LinkedHashMap<>(firstById);
  }

  synchronized boolean seen(String id) {
    return firstById.containsKey(id);
  }

  /** How many of {@code ids} have arrived. */
  synchronized int seenOf(java.util.Collection<String> ids) {
    int seen = 0;
    for (String id : ids) if (firstById.containsKey(id)) seen++;
    return seen;
  }

  /** Waits until {@code done} holds for what arrived so far; false when {@code timeout} passed first. */
  synchronized boolean await(Predicate<List<Arrival>> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(arrivals)) {
      if (failure != null) throw new IllegalStateException("reading " + topic + " failed: " + failure.getMessage(), failure);
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, Math.min(left / 1_000_000, 200)));
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
