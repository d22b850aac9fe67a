package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {
  private final EnvelopeCodec envelopes = new EnvelopeCodec(new EnvelopeLimits(1024, 1024 * 1024));
  private final DeadLetterCodec codec = new DeadLetterCodec();

  private Decoded.Rejected reject(byte[] record) {
    return (Decoded.Rejected) envelopes.decode(record);
  }

  @Test
  void a_dead_letter_is_written_with_the_original_bytes_in_base64() {
    DeadLetter letter = DeadLetter.of(reject("{\"schema\":\"gorca.crash/v9\"}".getBytes(StandardCharsets.UTF_8)),
        "gorca.crashes", 3, 812, CRASH_AT);
    assertEquals("{\"schema\":\"gorca.dlq/v1\",\"source_topic\":\"gorca.crashes\",\"partition\":3,\"offset\":812,"
        + "\"reason\":\"UNKNOWN_SCHEMA\",\"field\":\"schema\",\"message\":\"schema: expected a schema id, one of "
        + "gorca.crash/v1, gorca.metrics/v1, gorca.dump/v1, gorca.label/v1, found \\\"gorca.crash/v9\\\"; this consumer "
        + "reads only gorca.crash/v1 of gorca.crash; produce gorca.crash/v1 or upgrade the consumer\",\"ts_ms\":1700000000000,"
        + "\"original_size\":27,\"original_truncated\":false,\"original_base64\":\"eyJzY2hlbWEiOiJnb3JjYS5jcmFzaC92OSJ9\"}",
        new String(codec.encode(letter), StandardCharsets.UTF_8));
  }

  @Test
  void a_dead_letter_reads_back_with_the_same_bytes_even_when_they_are_not_utf8() {
    byte[] notUtf8 = {'{', (byte) 0xFF, '}'};
    DeadLetter letter = DeadLetter.of(reject(notUtf8), "gorca.dumps", 0, 0, CRASH_AT);
    DeadLetter read = codec.decode(codec.encode(letter));
    assertArrayEquals(notUtf8, read.original());
    assertEquals(RejectReason.NOT_UTF8, read.reason());
    assertEquals(letter.toString(), read.toString());
  }

  @Test
  void an_oversize_record_is_kept_only_in_part_with_its_full_size() {
    byte[] big = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    DeadLetter letter = DeadLetter.of(reject(big), "gorca.metrics", 1, 5, CRASH_AT);
    assertEquals(RejectReason.OVERSIZE, letter.reason());
    assertEquals(DeadLetter.OVERSIZE_KEPT_BYTES, letter.original().length);
    assertEquals(big.length, letter.originalSize());
    assertTrue(letter.truncated());
    DeadLetter read = codec.decode(codec.encode(letter));
    assertTrue(read.truncated());
    assertEquals(big.length, read.originalSize());
  }

  @Test
  void a_small_rejected_record_is_kept_whole() {
    DeadLetter letter = DeadLetter.of(reject(new byte[0]), "gorca.labels", 0, 9, CRASH_AT);
    assertFalse(letter.truncated());
  }

  @Test
  void reading_something_that_is_not_a_dead_letter_says_what_was_expected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.decode("{\"schema\":\"gorca.crash/v1\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("schema: expected gorca.dlq/v1, found \"gorca.crash/v1\"", e.getMessage());
    IllegalArgumentException reason = assertThrows(IllegalArgumentException.class, () -> codec.decode(
        ("{\"schema\":\"gorca.dlq/v1\",\"reason\":\"BAD\",\"original_base64\":\"\"}").getBytes(StandardCharsets.UTF_8)));
    assertEquals("reason: expected one of [NOT_UTF8, MALFORMED_JSON, MISSING_FIELD, WRONG_TYPE, UNKNOWN_SCHEMA, "
        + "OVERSIZE, INVALID_VALUE], found \"BAD\"", reason.getMessage());
  }

  @Test
  void a_dead_letter_needs_a_source_position() {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> new DeadLetter("gorca.crashes", -1, 0,
        RejectReason.OVERSIZE, "$", "m", CRASH_AT, new byte[0], 0));
    assertEquals("partition: expected a partition >= 0, found -1", e.getMessage());
  }
}
