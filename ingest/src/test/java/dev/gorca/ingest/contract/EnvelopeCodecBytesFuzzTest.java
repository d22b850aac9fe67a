package dev.gorca.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorca.ingest.fuzz.CaptureFiles;
import dev.gorca.ingest.fuzz.CaptureFiles.CaptureFile;
import dev.gorca.ingest.prometheus.MetricsEnvelopeFlattener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link EnvelopeCodec#decode} with raw record bytes. It must never throw nor reach its
 * last-resort catch; an accepted envelope must encode and decode back to itself, and a metrics body
 * must flatten as the pipeline does. Seeds: {@code EnvelopeCodecBytesFuzzTestInputs/decode} (one
 * record per schema) plus envelopes built now around the lab's small crashes, dumps and scrapes.
 */
class EnvelopeCodecBytesFuzzTest {
  private static final int MAX_SEED_TEXT_BYTES = 16 * 1024;
  private static final long SEED_TS_MS = 1_795_610_273_611L; // a lab capture's first metrics sample
  /** How EnvelopeCodec.decode's catch of RuntimeException and StackOverflowError words its rejection. */
  private static final String LAST_RESORT_PREFIX = Rejection.WHOLE_RECORD + ": could not decode the record (";
  private static final EnvelopeCodec CODEC = new EnvelopeCodec();
  private static final MetricsEnvelopeFlattener FLATTENER = new MetricsEnvelopeFlattener();

  static Stream<Arguments> labEnvelopes() {
    List<Arguments> envelopes = new ArrayList<>();
    for (CaptureFile file : CaptureFiles.named(MAX_SEED_TEXT_BYTES, "crash.txt", "dump.txt", "metrics.prom")) {
      Envelope envelope;
      if (file.name().endsWith("crash.txt")) {
        envelope = CrashEnvelope.of("lab", "lab-1", SEED_TS_MS, file.text());
      } else if (file.name().endsWith("dump.txt")) {
        envelope = new DumpEnvelope("lab", "lab-1", SEED_TS_MS, file.text());
      } else {
        envelope = MetricsEnvelope.ofBody("lab", "lab-1", SEED_TS_MS, file.text());
      }
      envelopes.add(Arguments.of(Named.of(file.name(), CODEC.encode(envelope))));
    }
    return envelopes.stream();
  }

  @MethodSource("labEnvelopes")
  @DictionaryEntries({
    "\"schema\"", "\"gorca.crash/v1\"", "\"gorca.metrics/v1\"", "\"gorca.dump/v1\"", "\"gorca.label/v1\"",
    "\"gorca.crash/v2\"", "\"service\"", "\"instance\"", "\"ts_ms\"", "\"text\"", "\"exit_code\"", "\"signal\"",
    "\"reason\"", "\"go_version\"", "\"body\"", "\"values\"", "\"incident_id\"", "\"root_cause\"", "\"operator\"",
    "\"comment\"", "null", "true", "1e308", "-0", "9223372036854775807", "\\ud800", "\\u0000", "\"SIGSEGV\"",
    "go_goroutines{quantile=\\\"0.5\\\"}"
  })
  @FuzzTest(maxDuration = "40s")
  void decode(byte[] record) {
    Decoded decoded = CODEC.decode(record);
    if (decoded instanceof Decoded.Rejected rejected) {
      // By its prefix, not by "this is a bug" anywhere: messages quote the record, and the fuzzer
      // learns the strings this test compares with and writes them into the record.
      if (rejected.rejection().message().startsWith(LAST_RESORT_PREFIX)) {
        throw new AssertionError("decode reached its last-resort catch: " + rejected.rejection());
      }
      return;
    }
    Envelope envelope = ((Decoded.Accepted) decoded).envelope();
    Decoded again = CODEC.decode(CODEC.encode(envelope));
    assertEquals(new Decoded.Accepted(envelope), again, "an accepted envelope does not survive encode and decode");
    if (envelope instanceof MetricsEnvelope metrics) FLATTENER.flatten(metrics);
  }
}
