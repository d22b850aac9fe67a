package dev.gorca.serving.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.flink.InstanceEvent;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.RejectReason;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.learning.LabelEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeEnvelopesTest {
  private static final long CRASHED_AT = Instant.parse("2026-11-25T13:00:00Z").toEpochMilli();
  private static final long REFUSED_AT = Instant.parse("2026-11-25T13:00:05Z").toEpochMilli();
  /** Small enough that a real dump is oversize. */
  private static final EnvelopeLimits TINY = new EnvelopeLimits(64 * 1024, 64 * 1024);

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void goodRecordsBecomeEventsAndNothingIsDeadLettered() throws Exception {
    String crash = Files.readString(LabCaptures.repoRoot()
        .resolve("lab/captures/go1.23/nil_dereference/nil_method_receiver/crash.txt"));
    try (var harness = harness(EnvelopeLimits.DEFAULT)) {
      harness.processElement(record(0, codec.encode(CrashEnvelope.of("api", "api-0", CRASHED_AT, crash))), 1);
      harness.processElement(record(1, codec.encode(MetricsEnvelope.ofValues("api", "api-0", CRASHED_AT - 1000,
          Map.of("go_goroutines", 12.0)))), 1);

      List<InstanceEvent> events = harness.extractOutputValues();
      assertEquals(2, events.size());
      assertEquals(InstanceEvent.Type.CRASH, events.get(0).type);
      assertEquals("nil_dereference", events.get(0).crash.kind);
      assertEquals(InstanceEvent.Type.METRICS, events.get(1).type);
      assertEquals(null, harness.getSideOutput(DecodeEnvelopes.DEAD_LETTERS));
    }
  }

  @Test
  void garbageTruncatedUnknownSchemaAndOversizeGoToTheDeadLettersWithReasonAndOriginalBytes() throws Exception {
    byte[] garbage = {(byte) 0xff, 0x00, 0x13, 0x37};
    byte[] good = codec.encode(CrashEnvelope.of("api", "api-0", CRASHED_AT, "panic: boom\n"));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    byte[] unknownSchema = "{\"schema\":\"gorca.crash/v9\",\"service\":\"api\",\"instance\":\"a\",\"ts_ms\":1,\"text\":\"x\"}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] oversize = codec.encode(CrashEnvelope.of("api", "api-0", CRASHED_AT, "x".repeat(100 * 1024)));
    byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);

    try (var harness = harness(TINY)) {
      harness.setProcessingTime(REFUSED_AT);
      List<byte[]> inputs = List.of(garbage, truncated, unknownSchema, oversize, notJson);
      for (int i = 0; i < inputs.size(); i++) harness.processElement(record(i, inputs.get(i)), 1);
      harness.processElement(RawRecord.of("gorca.crashes", 0, 99, null), 1);

      assertTrue(harness.extractOutputValues().isEmpty());
      List<DeadLetter> letters = new ArrayList<>();
      for (StreamRecord<DeadLetter> r : harness.getSideOutput(DecodeEnvelopes.DEAD_LETTERS)) letters.add(r.getValue());
      assertEquals(List.of(RejectReason.NOT_UTF8, RejectReason.MALFORMED_JSON, RejectReason.UNKNOWN_SCHEMA,
          RejectReason.OVERSIZE, RejectReason.MALFORMED_JSON, RejectReason.MALFORMED_JSON),
          letters.stream().map(DeadLetter::reason).toList());
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(inputs.get(i), letters.get(i).original(), "original bytes of record " + i);
        assertEquals(i, letters.get(i).offset());
        assertEquals("gorca.crashes", letters.get(i).sourceTopic());
        assertEquals(REFUSED_AT, letters.get(i).tsMs());
      }
      assertEquals(oversize.length, letters.get(3).originalSize());
      assertEquals(99, letters.get(5).offset());
    }
  }

  @Test
  void eachRejectReasonCountsInTheDlqGroup() throws Exception {
    var function = new DecodeEnvelopes(EnvelopeLimits.DEFAULT);
    try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(function)) {
      harness.processElement(record(0, "{".getBytes(StandardCharsets.UTF_8)), 1);
      harness.processElement(record(1, "[]x".getBytes(StandardCharsets.UTF_8)), 1);
      harness.processElement(record(2, new byte[] {(byte) 0xc3}), 1);

      assertEquals(2, function.deadLettered(RejectReason.MALFORMED_JSON));
      assertEquals(1, function.deadLettered(RejectReason.NOT_UTF8));
      assertEquals(0, function.deadLettered(RejectReason.OVERSIZE));
    }
  }

  @Test
  void labelsGoToTheLabelsOutputAndALabelOutsideTheTaxonomyIsDeadLettered() throws Exception {
    try (var harness = harness(EnvelopeLimits.DEFAULT)) {
      harness.processElement(RawRecord.of("gorca.labels", 0, 0, codec.encode(new LabelEnvelope(CRASHED_AT, "inc-1",
          "goroutine_leak", "alice", "blocked on the batcher", null, null))), 1);
      harness.processElement(RawRecord.of("gorca.labels", 0, 1, codec.encode(
          LabelEnvelope.of(CRASHED_AT, "inc-2", "cosmic_rays", "bob"))), 1);

      assertTrue(harness.extractOutputValues().isEmpty());
      List<LabelEvent> labels = new ArrayList<>();
      for (StreamRecord<LabelEvent> r : harness.getSideOutput(DecodeEnvelopes.LABELS)) labels.add(r.getValue());
      assertEquals(List.of(LabelEvent.of("inc-1", "goroutine_leak", "alice", "blocked on the batcher", CRASHED_AT)),
          labels);
      List<DeadLetter> letters = new ArrayList<>();
      for (StreamRecord<DeadLetter> r : harness.getSideOutput(DecodeEnvelopes.DEAD_LETTERS)) letters.add(r.getValue());
      assertEquals(1, letters.size());
      assertEquals(RejectReason.INVALID_VALUE, letters.get(0).reason());
      assertEquals("root_cause", letters.get(0).field());
      assertEquals(1, letters.get(0).offset());
      assertTrue(letters.get(0).message().contains("found \"cosmic_rays\""), letters.get(0).message());
    }
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, InstanceEvent> harness(EnvelopeLimits limits)
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(new DecodeEnvelopes(limits));
  }

  private static RawRecord record(long offset, byte[] value) {
    return RawRecord.of("gorca.crashes", 0, offset, value);
  }

}
