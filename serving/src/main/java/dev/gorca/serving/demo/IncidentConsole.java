package dev.gorca.serving.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Prints one line per scored incident as it lands on the incidents topic: what the demo's user watches. */
final class IncidentConsole implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final PrintWriter out;
  private final Function<String, String> replayedCase;
  private final Thread thread;
  private final ObjectMapper json = new ObjectMapper();

  private IncidentConsole(KafkaConsumer<byte[], byte[]> consumer, PrintWriter out, Function<String, String> replayedCase) {
    this.consumer = consumer;
    this.out = out;
    this.replayedCase = replayedCase;
    this.thread = new Thread(this::run, "gorca-demo-console");
    thread.setDaemon(true);
  }

  static IncidentConsole start(String bootstrap, String topic, PrintWriter out, Function<String, String> replayedCase) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "gorca-demo-console",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    IncidentConsole console = new IncidentConsole(consumer, out, replayedCase);
    console.thread.start();
    return console;
  }

  private void run() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) print(record.value());
      }
    } catch (WakeupException stopping) {
      // close() asked us to stop
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void print(byte[] value) {
    try {
      JsonNode incident = json.readTree(value);
      JsonNode top = incident.path("top").path(0);
      String instance = incident.path("instance").asText();
      String replayed = replayedCase.apply(instance);
      out.printf("  %s  %-40s %-5s -> %-22s %3.0f%%%s%n", TIME.format(Instant.ofEpochMilli(incident.path("ts_ms").asLong())),
          incident.path("service").asText() + "/" + instance, incident.path("type").asText(),
          top.path("root_cause").asText(), top.path("probability").asDouble() * 100,
          replayed == null ? "" : "   (replayed lab case " + replayed + ")");
      out.flush();
    } catch (java.io.IOException e) {
      out.println("  (an incident that is not JSON: " + e.getMessage() + ")");
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(3_000);
  }
}
