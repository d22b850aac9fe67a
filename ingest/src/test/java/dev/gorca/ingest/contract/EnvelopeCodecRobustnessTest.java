package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * decode must never throw and never reach its last-resort catch: seeded random mutations of valid records
 * (byte flips, cuts, splices, insertions of JSON punctuation) are fed through it.
 */
class EnvelopeCodecRobustnessTest {
  private static final long SEED = 20231114L;
  private static final int MUTATIONS = 20_000;
  private static final byte[] PUNCTUATION = "{}[]\":,\\ -.0eE\u0000nulltrue".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void mutated_records_are_always_decoded_or_rejected_and_never_hit_the_bug_path() {
    List<byte[]> seeds = List.of(
        codec.encode(EnvelopeCodecTest.fullCrash()),
        codec.encode(MetricsEnvelope.ofValues("checkout", "i-1", CRASH_AT,
            Map.of("go_goroutines", 12.0, "go_gc_duration_seconds{quantile=\"0.5\"}", Double.NaN))),
        codec.encode(MetricsEnvelope.ofBody("checkout", "i-1", CRASH_AT, "go_goroutines 12\n")),
        codec.encode(new DumpEnvelope("checkout", "i-1", CRASH_AT, "goroutine 1 [running]:\nmain.main()\n")),
        codec.encode(new LabelEnvelope(CRASH_AT, "inc-1", "oom", "alice", "ok", "checkout", "i-1")));
    Random random = new Random(SEED);
    Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
    int accepted = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutated = mutate(seeds.get(random.nextInt(seeds.size())), random);
      Decoded decoded = codec.decode(mutated);
      assertNotNull(decoded);
      if (decoded instanceof Decoded.Rejected rejected) {
        assertFalse(rejected.rejection().message().contains("this is a bug"), () -> "mutation " + new String(mutated,
            java.nio.charset.StandardCharsets.ISO_8859_1) + " reached the last-resort path: " + rejected);
        reasons.merge(rejected.rejection().reason(), 1, Integer::sum);
      } else {
        accepted++;
      }
    }
    assertEquals(MUTATIONS, accepted + reasons.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] out = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length > 0; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out = java.util.Arrays.copyOf(out, at);
        case 2 -> out[at] = PUNCTUATION[random.nextInt(PUNCTUATION.length)];
        default -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = PUNCTUATION[random.nextInt(PUNCTUATION.length)];
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
      }
    }
    return out;
  }
}
