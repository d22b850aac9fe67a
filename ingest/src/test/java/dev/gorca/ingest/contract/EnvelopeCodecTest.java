package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static dev.gorca.ingest.contract.TestTimes.LABELLED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips and the exact JSON written; refusals are in EnvelopeCodecRejectionTest. */
class EnvelopeCodecTest {
  static final String STDERR_TAIL = "panic: runtime error: invalid memory address or nil pointer dereference\n"
      + "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]\n\ngoroutine 1 [running]:\n"
      + "main.(*Cache).Get(...)\n\t/src/cache.go:42\n";

  private final EnvelopeCodec codec = new EnvelopeCodec();

  static CrashEnvelope fullCrash() {
    return new CrashEnvelope("checkout", "checkout-7d9f-x2k4p", CRASH_AT, STDERR_TAIL, 2, "SIGSEGV", "Error", "go1.21.5");
  }

  static Envelope decodeOk(EnvelopeCodec codec, String json) {
    Decoded decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8));
    return assertInstanceOf(Decoded.Accepted.class, decoded, () -> "expected accepted, got " + decoded).envelope();
  }

  @Test
  void a_crash_is_written_with_fields_in_contract_order() {
    assertEquals("{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"checkout-7d9f-x2k4p\","
        + "\"ts_ms\":1700000000000,\"text\":\"panic: runtime error: invalid memory address or nil pointer dereference\\n"
        + "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]\\n\\ngoroutine 1 [running]:\\n"
        + "main.(*Cache).Get(...)\\n\\t/src/cache.go:42\\n\",\"exit_code\":2,\"signal\":\"SIGSEGV\",\"reason\":\"Error\","
        + "\"go_version\":\"go1.21.5\"}", new String(codec.encode(fullCrash()), StandardCharsets.UTF_8));
  }

  @Test
  void optional_fields_that_are_absent_are_left_out_of_the_json() {
    CrashEnvelope oomKilled = new CrashEnvelope("checkout", "checkout-7d9f-x2k4p", CRASH_AT, "", 137, "SIGKILL",
        "OOMKilled", null);
    assertEquals("{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"checkout-7d9f-x2k4p\","
            + "\"ts_ms\":1700000000000,\"text\":\"\",\"exit_code\":137,\"signal\":\"SIGKILL\",\"reason\":\"OOMKilled\"}",
        new String(codec.encode(oomKilled), StandardCharsets.UTF_8));
  }

  @Test
  void every_envelope_type_survives_encode_then_decode() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("go_goroutines", 512.0);
    values.put("go_gc_duration_seconds{quantile=\"0.5\"}", 8.5167e-05);
    values.put("go_gc_duration_seconds{quantile=\"1\"}", Double.NaN);
    values.put("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"+Inf\"}", 2500.0);
    values.put("go_memstats_last_gc_time_seconds", 1.795609871899655e+09);
    values.put("weird", Double.NEGATIVE_INFINITY);
    values.put("negative_zero", -0.0);
    List<Envelope> envelopes = List.of(
        fullCrash(),
        CrashEnvelope.of("checkout", "checkout-7d9f-x2k4p", CRASH_AT, ""),
        MetricsEnvelope.ofBody("checkout", "checkout-7d9f-x2k4p", CRASH_AT, "# TYPE go_goroutines gauge\ngo_goroutines 512\n"),
        MetricsEnvelope.ofValues("checkout", "checkout-7d9f-x2k4p", CRASH_AT, values),
        new DumpEnvelope("checkout", "checkout-7d9f-x2k4p", CRASH_AT, "goroutine 1 [running]:\nmain.main()\n"),
        LabelEnvelope.of(LABELLED_AT, "inc-2023-0042", "goroutine_leak", "alice"),
        new LabelEnvelope(LABELLED_AT, "inc-2023-0042", "nil_dereference", "bob", "cache miss path, see PR 812\nfixed",
            "checkout", "checkout-7d9f-x2k4p"),
        new DumpEnvelope("bücher", "π-1", CRASH_AT, "goroutine 1 [chan receive]:\n\t/src/é✓😀.go:1\n"));
    for (Envelope envelope : envelopes) {
      assertEquals(envelope, decodeOk(codec, new String(codec.encode(envelope), StandardCharsets.UTF_8)));
    }
  }

  @Test
  void flat_values_are_written_as_integers_when_integral_and_non_finite_ones_as_prometheus_strings() {
    Map<String, Double> values = Map.of("go_goroutines", 512.0, "go_gc_duration_seconds_sum", 8.5167e-05,
        "go_gc_duration_seconds{quantile=\"1\"}", Double.NaN, "h_bucket{le=\"+Inf\"}", Double.POSITIVE_INFINITY,
        "delta", Double.NEGATIVE_INFINITY);
    assertEquals("{\"schema\":\"gorca.metrics/v1\",\"service\":\"checkout\",\"instance\":\"i-1\",\"ts_ms\":1700000000000,"
            + "\"values\":{\"delta\":\"-Inf\",\"go_gc_duration_seconds_sum\":8.5167E-5,"
            + "\"go_gc_duration_seconds{quantile=\\\"1\\\"}\":\"NaN\",\"go_goroutines\":512,\"h_bucket{le=\\\"+Inf\\\"}\":\"+Inf\"}}",
        new String(codec.encode(MetricsEnvelope.ofValues("checkout", "i-1", CRASH_AT, values)), StandardCharsets.UTF_8));
  }

  @Test
  void value_keys_are_canonicalized_on_read_and_null_values_are_left_out() {
    MetricsEnvelope metrics = (MetricsEnvelope) decodeOk(codec, "{\"schema\":\"gorca.metrics/v1\",\"service\":\"checkout\","
        + "\"instance\":\"i-1\",\"ts_ms\":1700000000000,\"values\":{\"h_bucket{le=\\\"0.5\\\", handler=\\\"/\\\"}\":3,"
        + "\"go_goroutines\":12,\"go_gc_duration_seconds{quantile=\\\"1\\\"}\":null,\"inf\":\"Inf\"}}");
    assertEquals(Map.of("h_bucket{handler=\"/\",le=\"0.5\"}", 3.0, "go_goroutines", 12.0, "inf", Double.POSITIVE_INFINITY),
        metrics.values());
  }

  @Test
  void a_label_without_service_and_instance_is_accepted_and_written_without_them() {
    String json = "{\"schema\":\"gorca.label/v1\",\"ts_ms\":1700038800000,\"incident_id\":\"inc-2023-0042\","
        + "\"root_cause\":\"goroutine_leak\",\"operator\":\"alice\"}";
    LabelEnvelope label = (LabelEnvelope) decodeOk(codec, json);
    assertEquals(LabelEnvelope.of(LABELLED_AT, "inc-2023-0042", "goroutine_leak", "alice"), label);
    assertEquals(json, new String(codec.encode(label), StandardCharsets.UTF_8));
  }

  @Test
  void unknown_fields_are_ignored_so_producers_can_add_fields_within_a_version() {
    Envelope dump = decodeOk(codec, "{\"trace_id\":\"abc\",\"schema\":\"gorca.dump/v1\",\"service\":\"checkout\","
        + "\"instance\":\"i-1\",\"ts_ms\":1700000000000,\"text\":\"goroutine 1 [running]:\",\"extra\":{\"nested\":[1,2]}}");
    assertEquals(new DumpEnvelope("checkout", "i-1", CRASH_AT, "goroutine 1 [running]:"), dump);
  }

  @Test
  void an_optional_field_sent_as_null_is_the_same_as_leaving_it_out() {
    Envelope crash = decodeOk(codec, "{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"i-1\","
        + "\"ts_ms\":1700000000000,\"text\":\"\",\"exit_code\":null,\"signal\":null,\"reason\":null,\"go_version\":null}");
    assertEquals(CrashEnvelope.of("checkout", "i-1", CRASH_AT, ""), crash);
  }

  @Test
  void a_utf8_byte_order_mark_before_the_json_is_accepted() {
    byte[] json = ("\uFEFF{\"schema\":\"gorca.dump/v1\",\"service\":\"s\",\"instance\":\"i\",\"ts_ms\":0,\"text\":\"g\"}")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(new Decoded.Accepted(new DumpEnvelope("s", "i", 0, "g")), codec.decode(json));
  }

  @Test
  void a_lone_surrogate_escaped_in_the_json_survives_a_round_trip_as_an_escape() {
    Envelope dump = decodeOk(codec, "{\"schema\":\"gorca.dump/v1\",\"service\":\"s\",\"instance\":\"i\",\"ts_ms\":0,"
        + "\"text\":\"a\\ud800b\"}");
    byte[] encoded = codec.encode(dump);
    assertEquals("{\"schema\":\"gorca.dump/v1\",\"service\":\"s\",\"instance\":\"i\",\"ts_ms\":0,\"text\":\"a\\uD800b\"}",
        new String(encoded, StandardCharsets.UTF_8));
    assertEquals(dump, decodeOk(codec, new String(encoded, StandardCharsets.UTF_8)));
  }
}
