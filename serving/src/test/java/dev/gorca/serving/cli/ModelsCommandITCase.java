package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gorca models promote --bootstrap}: the promotion reaches the models topic of a real broker in
 * the form the streaming job's {@code DecodeAnnouncements} reads, so a running job swaps models.
 */
class ModelsCommandITCase {
  @BeforeAll
  static void useTheRepositoryAsGorcaHome() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  @Test
  void aPromotionWithBootstrapIsAnnouncedOnTheModelsTopic(@TempDir Path kafkaDir, @TempDir Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      CliRun cli = new CliRun();
      int exit = cli.run("models", "promote", shipped, "--models", registry.toString(), "--bootstrap", kafka.bootstrapServers());

      assertEquals(0, exit, cli.err.toString());
      assertTrue(cli.out.toString().contains("announced " + shipped + " on gorca.models at " + kafka.bootstrapServers()), cli.out.toString());
      List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, "gorca.models");
      assertEquals(1, records.size());
      assertEquals(shipped, new String(records.get(0).key(), StandardCharsets.UTF_8));
      JsonNode announcement = new ObjectMapper().readTree(records.get(0).value());
      assertEquals(registry.toAbsolutePath().toString(), announcement.get("registry").asText());
      assertEquals(shipped, announcement.get("model_id").asText());
      assertEquals(shipped, Files.readString(registry.resolve("CURRENT")).trim());
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "models-command-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
