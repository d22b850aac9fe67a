package dev.gorca.ingest.kafka;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EnvelopeDeserializerTest {
  private static final String TOPIC = "gorca.crashes";

  @Test
  void a_valid_record_becomes_an_accepted_envelope() {
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      byte[] json = ("{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"i-1\",\"ts_ms\":1700000000000,"
          + "\"text\":\"fatal error: all goroutines are asleep - deadlock!\"}").getBytes(StandardCharsets.UTF_8);
      assertEquals(new Decoded.Accepted(CrashEnvelope.of("checkout", "i-1", CRASH_AT,
          "fatal error: all goroutines are asleep - deadlock!")), deserializer.deserialize(TOPIC, json));
    }
  }

  @Test
  void a_bad_record_becomes_a_rejection_with_its_bytes_instead_of_an_exception() {
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
      Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class,
          deserializer.deserialize(TOPIC, new RecordHeaders(), garbage));
      assertEquals(RejectReason.MALFORMED_JSON, rejected.rejection().reason());
      assertSame(garbage, rejected.original());
    }
  }

  @Test
  void a_tombstone_becomes_a_rejection() {
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, deserializer.deserialize(TOPIC, null));
      assertEquals(RejectReason.MALFORMED_JSON, rejected.rejection().reason());
    }
  }

  @Test
  void limits_come_from_the_consumer_properties_as_numbers_or_strings() {
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      deserializer.configure(Map.of(EnvelopeKafkaConfig.MAX_RECORD_BYTES, "100",
          EnvelopeKafkaConfig.MAX_DUMP_BYTES, 200), false);
      byte[] dump = new dev.gorca.ingest.contract.EnvelopeCodec().encode(
          new DumpEnvelope("checkout", "i-1", CRASH_AT, "goroutine 1 [running]:\n" + "x".repeat(100)));
      Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, deserializer.deserialize("gorca.dumps", dump));
      assertEquals("$: expected at most 200 bytes for any envelope, found 220 bytes; send less (the tail of stderr, "
          + "one scrape) or raise the limit in EnvelopeLimits and the topic's max.message.bytes",
          rejected.rejection().message());
    }
  }

  @Test
  void a_limit_that_is_not_a_positive_number_fails_configuration_with_the_key() {
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> deserializer.configure(Map.of(EnvelopeKafkaConfig.MAX_DUMP_BYTES, "64MiB"), false));
      assertEquals("Invalid value 64MiB for configuration gorca.envelope.max.dump.bytes: expected a byte count "
          + "between 1 and 2147483639, e.g. 67108864", e.getMessage());
    }
  }
}
