package dev.gorca.serving.http;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with a real broker: labels reach the labels topic as gorca.label/v1 envelopes keyed by incident, and
 * /metrics counts what the pipeline tail reads from the incidents and dead-letter topics.
 */
class HttpKafkaITCase {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path kafkaDir;
  @TempDir static Path postgresDir;
  private static EmbeddedKafka kafka;
  private static EmbeddedPostgres postgres;
  private static IncidentStore store;
  private static KafkaLabelPublisher publisher;
  private static PipelineTail tail;
  private static GorcaHttpServer server;
  private static final OkHttpClient client = new OkHttpClient();
  private static final List<ObjectNode> incidents = new ArrayList<>();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(kafkaDir);
    kafka.createTopics(Topics.DEFAULTS, 1);
    postgres = EmbeddedPostgres.start(postgresDir);
    store = PostgresIncidentStore.open(postgres.dataSource());
    try (LabIncidentDocuments lab = new LabIncidentDocuments()) {
      incidents.add(lab.incident("goroutine_leak", "request_timeout", "checkout", "checkout-0", CRASH_AT));
      incidents.add(lab.incident("goroutine_leak", "request_timeout", "checkout", "checkout-1", CRASH_AT + 1000));
      incidents.add(lab.incident("stack_overflow", "infinite_recursion", "payments", "payments-0", CRASH_AT + 2000));
    }
    incidents.forEach(i -> store.upsertIncident(LabIncidentDocuments.stored(i)));
    PipelineMetrics metrics = new PipelineMetrics();
    publisher = KafkaLabelPublisher.start(kafka.bootstrapServers(), Topics.DEFAULTS.labels());
    tail = PipelineTail.start(kafka.bootstrapServers(), Topics.DEFAULTS.incidents(), Topics.DEFAULTS.deadLetters(), metrics);
    server = GorcaHttpServer.start(HttpSettings.local(0, Map.of("alice", HttpApiITCase.ALICE_TOKEN)), store,
        publisher, LabIncidentDocuments.MODELS, metrics);
  }

  @AfterAll
  static void stop() {
    server.close();
    tail.close();
    publisher.close();
    postgres.close();
    kafka.close();
  }

  @Test
  void a_label_goes_to_the_store_and_to_the_labels_topic_keyed_by_incident() throws Exception {
    String id = HttpApiITCase.id(incidents.get(2));
    Request request = new Request.Builder().url(url("/api/incidents/" + id + "/label"))
        .header("Authorization", "Bearer " + HttpApiITCase.ALICE_TOKEN)
        .post(RequestBody.create("{\"root_cause\": \"stack_overflow\", \"comment\": \"String() calls itself\"}",
            MediaType.get("application/json"))).build();
    try (Response r = client.newCall(request).execute()) {
      assertEquals(201, r.code());
    }
    Label stored = store.labels(id).get(0);

    ConsumerRecord<byte[], byte[]> record = consumeOne(Topics.DEFAULTS.labels());
    assertEquals(id, new String(record.key(), StandardCharsets.UTF_8));
    Decoded decoded = new EnvelopeCodec().decode(record.value());
    assertEquals(new Decoded.Accepted(new LabelEnvelope(stored.tsMs(), id, "stack_overflow", "alice",
        "String() calls itself", null, null)), decoded);
  }

  @Test
  void metrics_count_incidents_scoring_time_and_dead_letters_that_the_tail_reads() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (ObjectNode incident : incidents) {
        producer.send(new ProducerRecord<>(Topics.DEFAULTS.incidents(), incident.get("id").asText().getBytes(
            StandardCharsets.UTF_8), incident.toString().getBytes(StandardCharsets.UTF_8)));
      }
      ObjectNode withoutTiming = incidents.get(0).deepCopy();
      withoutTiming.remove("scoring_us");
      producer.send(new ProducerRecord<>(Topics.DEFAULTS.incidents(), withoutTiming.toString().getBytes(
          StandardCharsets.UTF_8)));
      DeadLetterCodec letters = new DeadLetterCodec();
      EnvelopeCodec codec = new EnvelopeCodec();
      for (String garbage : List.of("not json", "{\"schema\":\"gorca.crash/v9\"}", "{\"schema\":\"gorca.crash/v9\"}")) {
        Decoded.Rejected rejected = (Decoded.Rejected) codec.decode(garbage.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.DEFAULTS.deadLetters(),
            letters.encode(DeadLetter.of(rejected, Topics.DEFAULTS.crashes(), 0, 7, CRASH_AT))));
      }
      producer.send(new ProducerRecord<>(Topics.DEFAULTS.deadLetters(), "garbage".getBytes(StandardCharsets.UTF_8)));
    }
    String shipped = Files.readString(LabIncidentDocuments.MODELS.resolve("CURRENT")).trim();
    String checkoutCause = incidents.get(0).get("top").get(0).get("root_cause").asText();
    String paymentsCause = incidents.get(2).get("top").get(0).get("root_cause").asText();

    String metrics = awaitMetrics(List.of(
        "gorca_tail_unreadable_records_total{topic=\"gorca.dlq\"} 1.0",
        "gorca_incidents_total{root_cause=\"" + checkoutCause + "\",service=\"checkout\"} 3.0",
        "gorca_incidents_total{root_cause=\"" + paymentsCause + "\",service=\"payments\"} 1.0",
        // The incident without scoring_us is counted but not timed.
        "gorca_incident_scoring_seconds_count 3",
        "gorca_dead_letters_total{reason=\"MALFORMED_JSON\"} 1.0",
        "gorca_dead_letters_total{reason=\"UNKNOWN_SCHEMA\"} 2.0",
        "gorca_model_info{model_id=\"" + shipped + "\"} 1",
        "gorca_stream_model_info{model_id=\"" + shipped + "\"} 1"));
    assertContains(metrics, "# TYPE gorca_labels gauge");
    assertContains(metrics, "# TYPE gorca_api_score_seconds histogram");
  }

  @Test
  void the_tail_refuses_to_start_on_a_topic_that_does_not_exist() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> PipelineTail.start(kafka.bootstrapServers(), "gorca.nothing", Topics.DEFAULTS.deadLetters(), new PipelineMetrics()));
    assertEquals("the pipeline tail cannot follow gorca.nothing and gorca.dlq at " + kafka.bootstrapServers()
        + ": topic gorca.nothing does not exist; create gorca's topics first", e.getMessage());
  }

  private static String awaitMetrics(List<String> expectedLines) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      try (Response r = client.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
        assertEquals(200, r.code());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
        text = r.body().string();
      }
      List<String> lines = text.lines().toList();
      if (lines.containsAll(expectedLines)) {
        return text;
      }
      Thread.sleep(200);
    }
    List<String> missing = new ArrayList<>(expectedLines);
    missing.removeAll(text.lines().toList());
    throw new AssertionError("expected /metrics to show " + missing + " within " + WAIT + ", got:\n" + text);
  }

  private static void assertContains(String text, String line) {
    assertTrue(text.lines().anyMatch(l -> l.equals(line)), "expected the line " + line + " in:\n" + text);
  }

  private static ConsumerRecord<byte[], byte[]> consumeOne(String topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "http-test-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          return record;
        }
      }
    }
    throw new AssertionError("nothing on " + topic + " within " + WAIT);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }
}
