package dev.gorca.serving.embedded;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.kafka.EnvelopeDeserializer;
import dev.gorca.ingest.kafka.EnvelopeSerializer;
import dev.gorca.serving.job.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {
  @TempDir Path dataDir;

  @Test
  void a_started_broker_creates_gorca_topics_and_carries_an_envelope_from_producer_to_consumer() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
    int port = kafka.port();
    try {
      System.out.printf("EmbeddedKafka cold start: %d ms%n", kafka.startupTime().toMillis());
      assertTrue(kafka.formattedOnStart());
      kafka.createTopics(Topics.DEFAULTS, 1);
      try (Admin admin = kafka.admin()) {
        assertTrue(admin.listTopics().names().get().containsAll(Topics.DEFAULTS.all()));
        ConfigResource dumps = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULTS.dumps());
        Config config = admin.describeConfigs(List.of(dumps)).all().get().get(dumps);
        assertEquals(String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES), config.get("max.message.bytes").value());
      }
      CrashEnvelope crash = CrashEnvelope.of("checkout", "checkout-7d9f-x2k4p", CRASH_AT,
          "panic: runtime error: index out of range [3] with length 3\n");
      produce(kafka, Topics.DEFAULTS.crashes(), crash);
      assertEquals(List.of(new Decoded.Accepted(crash)), consume(kafka, Topics.DEFAULTS.crashes(), 1));
    } finally {
      kafka.close();
    }
    assertPortFree(port);
    assertEquals(Set.of(), leftOver(before), "non-daemon threads left after close");
  }

  @Test
  void a_dump_bigger_than_kafkas_default_one_megabyte_passes_the_dump_topic() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      kafka.createTopics(Topics.DEFAULTS, 1);
      DumpEnvelope dump = new DumpEnvelope("checkout", "checkout-7d9f-x2k4p", CRASH_AT,
          "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d\n\n".repeat(50_000));
      produce(kafka, Topics.DEFAULTS.dumps(), dump);
      assertEquals(List.of(new Decoded.Accepted(dump)), consume(kafka, Topics.DEFAULTS.dumps(), 1));
    }
  }

  @Test
  void a_restart_on_the_same_data_directory_keeps_topics_and_records_and_skips_the_format() throws Exception {
    CrashEnvelope crash = CrashEnvelope.of("checkout", "checkout-7d9f-x2k4p", CRASH_AT, "fatal error: out of memory\n");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      kafka.createTopics(Topics.DEFAULTS, 1);
      produce(kafka, Topics.DEFAULTS.crashes(), crash);
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      System.out.printf("EmbeddedKafka warm start: %d ms%n", kafka.startupTime().toMillis());
      assertFalse(kafka.formattedOnStart());
      kafka.createTopics(Topics.DEFAULTS, 1);
      assertEquals(List.of(new Decoded.Accepted(crash)), consume(kafka, Topics.DEFAULTS.crashes(), 1));
    }
  }

  @Test
  void a_configured_port_is_the_one_clients_bootstrap_from() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port)) {
      assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, Envelope envelope) throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES);
    try (KafkaProducer<String, Envelope> producer =
        new KafkaProducer<>(config, new StringSerializer(), new EnvelopeSerializer())) {
      producer.send(new ProducerRecord<>(topic, "checkout", envelope)).get();
    }
  }

  private static List<Decoded> consume(EmbeddedKafka kafka, String topic, int count) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Decoded> read = new ArrayList<>();
    try (KafkaConsumer<String, Decoded> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new EnvelopeDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Decoded> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(record.value());
        }
      }
    }
    return read;
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon() && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static Set<String> leftOver(Set<Thread> before) {
    return nonDaemonThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static void assertPortFree(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, socket.getLocalPort());
    }
  }
}
