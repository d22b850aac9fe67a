package dev.gorca.ingest.kafka;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.LabelEnvelope;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EnvelopeSerializerTest {
  @Test
  void an_envelope_is_written_as_the_codec_writes_it_and_reads_back_equal() {
    LabelEnvelope label = new LabelEnvelope(CRASH_AT, "inc-1", "goroutine_leak", "alice", null, "checkout", null);
    try (EnvelopeSerializer serializer = new EnvelopeSerializer();
         EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
      byte[] bytes = serializer.serialize("gorca.labels", label);
      assertArrayEquals(new EnvelopeCodec().encode(label), bytes);
      assertEquals(new Decoded.Accepted(label), deserializer.deserialize("gorca.labels", bytes));
    }
  }

  @Test
  void a_null_envelope_is_a_null_value() {
    try (EnvelopeSerializer serializer = new EnvelopeSerializer()) {
      assertNull(serializer.serialize("gorca.crashes", null));
    }
  }

  @Test
  void an_envelope_over_the_limit_fails_at_the_producer_instead_of_being_dead_lettered_by_every_consumer() {
    try (EnvelopeSerializer serializer = new EnvelopeSerializer(new EnvelopeLimits(128, 1024))) {
      CrashEnvelope crash = CrashEnvelope.of("checkout", "i-1", CRASH_AT, "x".repeat(100));
      SerializationException e = assertThrows(SerializationException.class,
          () -> serializer.serialize("gorca.crashes", crash));
      assertEquals("expected at most 128 bytes for a gorca.crash/v1 envelope on gorca.crashes, found 197 bytes; send "
          + "less (the tail of stderr, one scrape) or raise gorca.envelope.max.record.bytes/gorca.envelope.max.dump.bytes "
          + "on producer and consumers", e.getMessage());
    }
  }

  @Test
  void limits_come_from_the_producer_properties() {
    try (EnvelopeSerializer serializer = new EnvelopeSerializer()) {
      serializer.configure(Map.of(EnvelopeKafkaConfig.MAX_RECORD_BYTES, 64), false);
      assertThrows(SerializationException.class,
          () -> serializer.serialize("gorca.crashes", CrashEnvelope.of("checkout", "i-1", CRASH_AT, "x".repeat(64))));
    }
  }
}
