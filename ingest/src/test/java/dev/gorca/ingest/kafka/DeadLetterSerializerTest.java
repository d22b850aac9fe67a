package dev.gorca.ingest.kafka;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import dev.gorca.ingest.contract.Decoded;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {
  @Test
  void a_rejected_record_from_the_deserializer_goes_to_the_dead_letter_topic_with_its_bytes() {
    byte[] original = "{\"schema\":\"gorca.crash/v1\"".getBytes(StandardCharsets.UTF_8);
    try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer();
         DeadLetterSerializer serializer = new DeadLetterSerializer()) {
      Decoded.Rejected rejected = (Decoded.Rejected) deserializer.deserialize("gorca.crashes", original);
      DeadLetter letter = DeadLetter.of(rejected, "gorca.crashes", 2, 41, CRASH_AT);
      DeadLetter read = new DeadLetterCodec().decode(serializer.serialize(DeadLetter.TOPIC, letter));
      assertArrayEquals(original, read.original());
      assertEquals("gorca.crashes", read.sourceTopic());
      assertEquals(41, read.offset());
      assertEquals(rejected.rejection().message(), read.message());
      assertNull(serializer.serialize(DeadLetter.TOPIC, null));
    }
  }
}
