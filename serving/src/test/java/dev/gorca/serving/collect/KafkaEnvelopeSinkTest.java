package dev.gorca.serving.collect;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.kafka.EnvelopeSerializer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaEnvelopeSinkTest {
  private static final CrashEnvelope CRASH = CrashEnvelope.of("pricing-edge", "127.0.0.1:6060", CRASH_AT,
      "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:72 +0x294\n");

  @Test
  void an_envelope_goes_to_its_topic_keyed_by_instance_and_decodes_to_itself() throws Exception {
    MockProducer<String, byte[]> producer = producer(false);
    KafkaEnvelopeSink sink = new KafkaEnvelopeSink(producer, new EnvelopeSerializer(), "kafka:9092");
    CompletableFuture<Void> acknowledged = sink.send("gorca.crashes", CRASH);
    assertTrue(!acknowledged.isDone(), "not acknowledged before the broker answers");
    producer.completeNext();
    acknowledged.get();
    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertEquals("gorca.crashes", record.topic());
    assertEquals("127.0.0.1:6060", record.key());
    assertEquals(new Decoded.Accepted(CRASH), new EnvelopeCodec().decode(record.value()));
  }

  @Test
  void an_envelope_over_its_limit_is_refused_before_the_producer_sees_it() {
    MockProducer<String, byte[]> producer = producer(true);
    KafkaEnvelopeSink sink = new KafkaEnvelopeSink(producer, new EnvelopeSerializer(new EnvelopeLimits(256, 1024)),
        "kafka:9092");
    ExecutionException e = assertThrows(ExecutionException.class, () -> sink.send("gorca.metrics",
        MetricsEnvelope.ofBody("pricing-edge", "127.0.0.1:6060", CRASH_AT, "go_goroutines 12\n".repeat(20))).get());
    EnvelopeRefusedException refused = assertInstanceOf(EnvelopeRefusedException.class, e.getCause());
    assertTrue(refused.getMessage().startsWith("expected at most 256 bytes for a gorca.metrics/v1 envelope on "
        + "gorca.metrics, found "), refused.getMessage());
    assertEquals(List.of(), producer.history());
  }

  @Test
  void a_failed_send_completes_exceptionally_for_the_caller_to_keep_its_crash() {
    MockProducer<String, byte[]> producer = producer(false);
    KafkaEnvelopeSink sink = new KafkaEnvelopeSink(producer, new EnvelopeSerializer(), "kafka:9092");
    CompletableFuture<Void> acknowledged = sink.send("gorca.crashes", CRASH);
    producer.errorNext(new TimeoutException("Expiring 1 record(s) for gorca.crashes-0"));
    ExecutionException e = assertThrows(ExecutionException.class, acknowledged::get);
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void close_closes_the_producer() {
    MockProducer<String, byte[]> producer = producer(true);
    new KafkaEnvelopeSink(producer, new EnvelopeSerializer(), "kafka:9092").close();
    assertTrue(producer.closed());
  }

  @Test
  void the_producer_is_idempotent_waits_for_all_replicas_and_admits_the_largest_dump() {
    Map<String, Object> config = KafkaEnvelopeSink.producerConfig("kafka:9092", "gorca-collect-checkout",
        EnvelopeLimits.DEFAULT);
    assertEquals(true, config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
    assertEquals(EnvelopeLimits.DEFAULT.maxDumpBytes() + EnvelopeLimits.MIB, config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
  }

  private static MockProducer<String, byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
  }
}
