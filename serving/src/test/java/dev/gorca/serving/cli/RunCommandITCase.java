package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.flink.IncidentIds;
import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gorca run --config FILE} against a Kafka broker and a PostgreSQL it did not start (here the
 * embedded ones, standing in for a user's): a real lab crash sent to the crashes topic comes out scored in
 * the store, the UI answers on the configured port, and the command stops by itself after --duration.
 */
class RunCommandITCase {
  private static final String CASE = "go1.23/nil_dereference/nil_method_receiver";

  @Test
  void theJobRunsAgainstTheConfiguredKafkaAndPostgres(@TempDir Path tmp) throws Exception {
    Path repo = LabCaptures.repoRoot();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        EmbeddedPostgres postgres = EmbeddedPostgres.start(tmp.resolve("postgres"))) {
      kafka.createTopics(Topics.DEFAULTS, 1);
      Path config = Files.writeString(tmp.resolve("gorca.yaml"), String.join("\n",
          "kafka:", "  bootstrap.servers: " + kafka.bootstrapServers(),
          "models:", "  dir: " + repo.resolve("models"),
          "store:", "  url: " + postgres.jdbcUrl(),
          "learning:", "  lab-captures: " + repo.resolve("lab/captures"),
          "job:", "  parallelism: 1", "  checkpoint-interval: 1s",
          "http:", "  port: 0", ""));
      CliRun cli = new CliRun();
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
          () -> cli.run("run", "--config", config.toString(), "--duration", "50"));

      long crashTs = Instant.parse("2026-11-25T16:00:00Z").toEpochMilli();
      EnvelopeCodec codec = new EnvelopeCodec();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        for (LabReplay.Step step : LabReplay.read(repo.resolve("lab/captures"), CASE).steps("api", "api-0", crashTs,
            new LabReplay.TopicNames(Topics.DEFAULTS.crashes(), Topics.DEFAULTS.metrics(), Topics.DEFAULTS.dumps()))) {
          producer.send(new ProducerRecord<>(step.topic(), "api-0".getBytes(StandardCharsets.UTF_8),
              codec.encode((Envelope) step.envelope())));
        }
        producer.send(new ProducerRecord<>(Topics.DEFAULTS.metrics(), new byte[0], codec.encode(
            MetricsEnvelope.ofValues("clock", "clock-0", crashTs + 30_000, Map.of("go_goroutines", 1.0)))));
      }

      PostgresIncidentStore store = PostgresIncidentStore.open(postgres.dataSource());
      String id = IncidentIds.crash("api", "api-0", crashTs);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
      while (store.find(id).isEmpty() && System.nanoTime() < deadline) Thread.sleep(500);
      assertTrue(store.find(id).isPresent(), "incident " + id + " not stored; gorca run printed:\n" + cli.out);
      assertEquals("nil_dereference", store.find(id).get().causes().get(0).cause());

      assertEquals(0, run.get(120, TimeUnit.SECONDS), cli.err.toString());
      assertTrue(cli.out.toString().contains("gorca run: stopped"), cli.out.toString());
      assertTrue(cli.out.toString().contains("UI on http://127.0.0.1:"), cli.out.toString());
    }
  }
}
