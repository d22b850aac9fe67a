package dev.gorca.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One or more tests per RejectReason, with the exact message an operator will read in the dead letter. */
class EnvelopeCodecRejectionTest {
  private static final String CRASH_HEAD = "{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"i-1\",";
  private static final String METRICS_HEAD = "{\"schema\":\"gorca.metrics/v1\",\"service\":\"checkout\",\"instance\":\"i-1\","
      + "\"ts_ms\":1700000000000,";

  private final EnvelopeCodec codec = new EnvelopeCodec();

  private Rejection rejected(EnvelopeCodec codec, byte[] record) {
    Decoded decoded = codec.decode(record);
    Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, decoded, () -> "expected a rejection, got " + decoded);
    assertSame(record, rejected.original(), "the rejection must carry the original bytes for the dead letter");
    return rejected.rejection();
  }

  private void assertRejected(String json, RejectReason reason, String field, String message) {
    assertEquals(new Rejection(reason, field, message), rejected(codec, json.getBytes(StandardCharsets.UTF_8)));
  }

  // NOT_UTF8

  @Test
  void bytes_that_are_not_utf8_are_refused_with_the_offset_of_the_first_bad_byte() {
    byte[] latin1 = (CRASH_HEAD + "\"ts_ms\":0,\"text\":\"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(new Rejection(RejectReason.NOT_UTF8, "$", "$: expected UTF-8 JSON, found an invalid byte 0xE9 at "
        + "offset 86; encode the envelope as UTF-8 (Go's encoding/json does)"), rejected(codec, latin1));
  }

  @Test
  void utf16_json_is_refused_as_not_utf8_rather_than_guessed() {
    byte[] utf16 = "{\"schema\":\"gorca.crash/v1\"}".getBytes(StandardCharsets.UTF_16);
    assertEquals(RejectReason.NOT_UTF8, rejected(codec, utf16).reason());
  }

  // MALFORMED_JSON

  @Test
  void a_syntax_error_is_refused_with_its_line_and_column() {
    assertRejected("{\"schema\":\"gorca.crash/v1\",\n \"ts_ms\" 1}", RejectReason.MALFORMED_JSON, "$",
        "$: expected one JSON object, found malformed JSON at line 2, column 10: Unexpected character ('1' (code 49)): "
            + "was expecting a colon to separate field name and value; write the envelope with a JSON encoder");
  }

  @Test
  void an_empty_record_is_refused() {
    assertRejected("", RejectReason.MALFORMED_JSON, "$",
        "$: expected one JSON object, found an empty record; send the envelope as the record value");
  }

  @Test
  void a_null_record_is_refused_as_a_tombstone() {
    Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, codec.decode(null));
    assertEquals(new Rejection(RejectReason.MALFORMED_JSON, "$", "$: expected a JSON envelope, found a null record "
        + "value (a tombstone); gorca topics are not compacted, do not send null values"), rejected.rejection());
    assertEquals(0, rejected.original().length);
  }

  @Test
  void a_field_given_twice_is_refused_because_its_value_would_be_ambiguous() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":1,\"ts_ms\":2,\"text\":\"\"}", RejectReason.MALFORMED_JSON, "$",
        "$: expected one JSON object, found malformed JSON at line 1, column 83: Duplicate field 'ts_ms'; "
            + "write the envelope with a JSON encoder");
  }

  @Test
  void two_objects_in_one_record_are_refused() {
    assertEquals(RejectReason.MALFORMED_JSON,
        rejected(codec, "{\"schema\":\"gorca.crash/v1\"} {}".getBytes(StandardCharsets.UTF_8)).reason());
  }

  @Test
  void absurdly_deep_nesting_is_refused_not_a_stack_overflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertEquals(RejectReason.MALFORMED_JSON, rejected(codec, deep.getBytes(StandardCharsets.UTF_8)).reason());
  }

  // MISSING_FIELD

  @Test
  void a_record_without_schema_is_refused_with_the_known_ids() {
    assertRejected("{\"service\":\"checkout\"}", RejectReason.MISSING_FIELD, "schema",
        "schema: expected a schema id, one of gorca.crash/v1, gorca.metrics/v1, gorca.dump/v1, gorca.label/v1, "
            + "found no such field; every envelope needs schema");
  }

  @Test
  void a_crash_without_ts_ms_is_refused_naming_the_schema() {
    assertRejected(CRASH_HEAD + "\"text\":\"\"}", RejectReason.MISSING_FIELD, "ts_ms",
        "ts_ms: expected an integer number of milliseconds since the epoch, found no such field; "
            + "every gorca.crash/v1 envelope needs ts_ms");
  }

  @Test
  void a_required_field_sent_as_null_is_missing() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":0,\"text\":null}", RejectReason.MISSING_FIELD, "text",
        "text: expected the stderr tail as a string, found null; every gorca.crash/v1 envelope needs text");
  }

  @Test
  void metrics_with_neither_body_nor_values_are_refused() {
    assertRejected(METRICS_HEAD + "\"values\":null}", RejectReason.MISSING_FIELD, "body",
        "body: expected exactly one of body (Prometheus text) or values (flat numbers), found neither; "
            + "put the scrape in body");
  }

  @Test
  void a_label_without_operator_is_refused() {
    assertRejected("{\"schema\":\"gorca.label/v1\",\"ts_ms\":0,\"incident_id\":\"inc-1\",\"root_cause\":\"oom\"}",
        RejectReason.MISSING_FIELD, "operator", "operator: expected the operator's name as a string, found no such "
            + "field; every gorca.label/v1 envelope needs operator");
  }

  // WRONG_TYPE

  @Test
  void a_timestamp_sent_as_a_string_is_the_wrong_type() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":\"1700000000000\",\"text\":\"\"}", RejectReason.WRONG_TYPE, "ts_ms",
        "ts_ms: expected an integer number of milliseconds since the epoch, found a string \"1700000000000\"; "
            + "send it as a JSON integer such as 1700000000000");
  }

  @Test
  void a_timestamp_with_a_fraction_is_the_wrong_type() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":1700000000.5,\"text\":\"\"}", RejectReason.WRONG_TYPE, "ts_ms",
        "ts_ms: expected an integer number of milliseconds since the epoch, found a fractional number 1.7000000005E9; "
            + "send it as a JSON integer such as 1700000000000");
  }

  @Test
  void a_record_that_is_an_array_is_the_wrong_type() {
    assertRejected("[{\"schema\":\"gorca.crash/v1\"}]", RejectReason.WRONG_TYPE, "$",
        "$: expected a JSON object, found an array; send one envelope object per record, "
            + "e.g. {\"schema\":\"gorca.crash/v1\",...}");
  }

  @Test
  void an_exit_code_sent_as_a_string_is_the_wrong_type() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":0,\"text\":\"\",\"exit_code\":\"137\"}", RejectReason.WRONG_TYPE,
        "exit_code", "exit_code: expected an integer exit status, found a string \"137\"; send it as a JSON integer "
            + "or leave it out");
  }

  @Test
  void values_sent_as_an_array_are_the_wrong_type() {
    assertRejected(METRICS_HEAD + "\"values\":[1,2]}", RejectReason.WRONG_TYPE, "values",
        "values: expected an object of series key to number, found an array; send {\"go_goroutines\": 12, ...}");
  }

  @Test
  void a_flat_value_that_is_not_a_number_names_the_series() {
    assertRejected(METRICS_HEAD + "\"values\":{\"go_goroutines\":true}}", RejectReason.WRONG_TYPE,
        "values[go_goroutines]", "values[go_goroutines]: expected a JSON number or one of \"NaN\", \"+Inf\", \"-Inf\", "
            + "found a boolean true; send the sample value as a number");
  }

  @Test
  void a_schema_sent_as_a_number_is_the_wrong_type() {
    assertRejected("{\"schema\":1}", RejectReason.WRONG_TYPE, "schema", "schema: expected a schema id, one of "
        + "gorca.crash/v1, gorca.metrics/v1, gorca.dump/v1, gorca.label/v1, found an integer 1; send it as a JSON string");
  }

  // UNKNOWN_SCHEMA

  @Test
  void an_unknown_version_of_a_known_type_says_which_version_this_consumer_reads() {
    assertRejected("{\"schema\":\"gorca.crash/v9\"}", RejectReason.UNKNOWN_SCHEMA, "schema",
        "schema: expected a schema id, one of gorca.crash/v1, gorca.metrics/v1, gorca.dump/v1, gorca.label/v1, "
            + "found \"gorca.crash/v9\"; this consumer reads only gorca.crash/v1 of gorca.crash; produce gorca.crash/v1 "
            + "or upgrade the consumer");
  }

  @Test
  void an_unknown_type_is_refused_with_the_known_ids() {
    assertRejected("{\"schema\":\"gorca.trace/v1\"}", RejectReason.UNKNOWN_SCHEMA, "schema",
        "schema: expected a schema id, one of gorca.crash/v1, gorca.metrics/v1, gorca.dump/v1, gorca.label/v1, "
            + "found \"gorca.trace/v1\"; set schema to one of the known ids");
  }

  // OVERSIZE

  @Test
  void a_crash_over_the_record_limit_is_refused_while_a_dump_of_the_same_size_is_accepted() {
    EnvelopeCodec small = new EnvelopeCodec(new EnvelopeLimits(1024, 4096));
    String text = "x".repeat(2000);
    byte[] crash = (CRASH_HEAD + "\"ts_ms\":0,\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    assertEquals(new Rejection(RejectReason.OVERSIZE, "$", "$: expected at most 1024 bytes for gorca.crash/v1, "
        + "found 2085 bytes; send less (the tail of stderr, one scrape) or raise the limit in EnvelopeLimits and the "
        + "topic's max.message.bytes"), rejected(small, crash));
    byte[] dump = ("{\"schema\":\"gorca.dump/v1\",\"service\":\"checkout\",\"instance\":\"i-1\",\"ts_ms\":0,\"text\":\""
        + text + "\"}").getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(Decoded.Accepted.class, small.decode(dump));
  }

  @Test
  void a_record_over_the_largest_limit_is_refused_before_it_is_parsed() {
    EnvelopeCodec small = new EnvelopeCodec(new EnvelopeLimits(1024, 4096));
    byte[] junk = new byte[4097];
    Arrays.fill(junk, (byte) 0xFF);
    assertEquals(new Rejection(RejectReason.OVERSIZE, "$", "$: expected at most 4096 bytes for any envelope, found "
        + "4097 bytes; send less (the tail of stderr, one scrape) or raise the limit in EnvelopeLimits and the topic's "
        + "max.message.bytes"), rejected(small, junk));
  }

  @Test
  void the_default_limits_are_8_mib_for_records_and_64_mib_for_dumps() {
    assertEquals(new EnvelopeLimits(8 * 1024 * 1024, 64 * 1024 * 1024), new EnvelopeCodec().limits());
  }

  @Test
  void a_dump_larger_than_jacksons_default_string_limit_is_accepted_under_the_dump_limit() {
    String text = "goroutine 1 [running]:\n" + "x".repeat(21_000_000);
    DumpEnvelope dump = new DumpEnvelope("checkout", "i-1", 0, text);
    assertEquals(new Decoded.Accepted(dump), codec.decode(codec.encode(dump)));
  }

  // INVALID_VALUE

  @Test
  void a_negative_timestamp_is_an_invalid_value() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":-5,\"text\":\"\"}", RejectReason.INVALID_VALUE, "ts_ms",
        "ts_ms: expected milliseconds since 1970-01-01T00:00:00Z (>= 0), found -5; send the event time as epoch milliseconds");
  }

  @Test
  void a_timestamp_in_nanoseconds_is_an_invalid_value_with_a_hint() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":1700000000000000000,\"text\":\"\"}", RejectReason.INVALID_VALUE, "ts_ms",
        "ts_ms: expected milliseconds since the epoch up to 253402300799999 (year 9999), found 1700000000000000000; "
            + "this looks like micro- or nanoseconds, divide to milliseconds");
  }

  @Test
  void a_timestamp_beyond_a_long_is_an_invalid_value() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":99999999999999999999,\"text\":\"\"}", RejectReason.INVALID_VALUE, "ts_ms",
        "ts_ms: expected milliseconds since the epoch up to 253402300799999, found 99999999999999999999; "
            + "send the event time in milliseconds");
  }

  @Test
  void an_empty_service_is_an_invalid_value() {
    assertRejected("{\"schema\":\"gorca.dump/v1\",\"service\":\"\",\"instance\":\"i-1\",\"ts_ms\":0,\"text\":\"g\"}",
        RejectReason.INVALID_VALUE, "service",
        "service: expected a non-blank string such as \"checkout\", found \"\"; set service");
  }

  @Test
  void an_instance_with_a_newline_is_an_invalid_value() {
    assertRejected("{\"schema\":\"gorca.dump/v1\",\"service\":\"s\",\"instance\":\"i-1\\n\",\"ts_ms\":0,\"text\":\"g\"}",
        RejectReason.INVALID_VALUE, "instance",
        "instance: expected no control characters, found one at index 3 in \"i-1\\n\"; strip newlines and tabs from instance");
  }

  @Test
  void a_blank_dump_is_an_invalid_value() {
    assertRejected("{\"schema\":\"gorca.dump/v1\",\"service\":\"s\",\"instance\":\"i\",\"ts_ms\":0,\"text\":\" \\n\"}",
        RejectReason.INVALID_VALUE, "text", "text: expected a goroutine dump (pprof goroutine?debug=2), found only "
            + "whitespace; do not send the event when there is nothing to send");
  }

  @Test
  void a_signal_given_as_a_number_is_an_invalid_value() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":0,\"text\":\"\",\"signal\":\"9\"}", RejectReason.INVALID_VALUE, "signal",
        "signal: expected a signal name such as \"SIGKILL\" or \"SIGSEGV\", found \"9\"; send the name, not the number, "
            + "or leave signal out");
  }

  @Test
  void an_exit_code_beyond_an_int_is_an_invalid_value() {
    assertRejected(CRASH_HEAD + "\"ts_ms\":0,\"text\":\"\",\"exit_code\":4294967296}", RejectReason.INVALID_VALUE,
        "exit_code", "exit_code: expected an integer exit status between -2147483648 and 2147483647, found 4294967296; "
            + "send the process's exit status");
  }

  @Test
  void metrics_with_both_body_and_values_are_an_invalid_value() {
    assertRejected(METRICS_HEAD + "\"body\":\"go_goroutines 1\\n\",\"values\":{\"go_goroutines\":1}}",
        RejectReason.INVALID_VALUE, "values", "values: expected exactly one of body (Prometheus text) or values "
            + "(flat numbers), found both; send the scrape as body or its flattened numbers as values, not both");
  }

  @Test
  void empty_values_are_an_invalid_value() {
    assertRejected(METRICS_HEAD + "\"values\":{}}", RejectReason.INVALID_VALUE, "values",
        "values: expected at least one series, found an empty object; do not send a scrape that has no values");
  }

  @Test
  void a_value_key_that_is_not_a_series_key_is_an_invalid_value() {
    assertRejected(METRICS_HEAD + "\"values\":{\"go.goroutines\":1}}", RejectReason.INVALID_VALUE,
        "values[go.goroutines]", "values[go.goroutines]: expected a Prometheus series key such as go_goroutines or "
            + "go_gc_duration_seconds{quantile=\"0.5\"}, found \"go.goroutines\" (expected the series key to end after "
            + "\"go\", found \".goroutines\"); rename the key");
  }

  @Test
  void two_value_keys_naming_the_same_series_are_an_invalid_value() {
    assertRejected(METRICS_HEAD + "\"values\":{\"m{a=\\\"1\\\",b=\\\"2\\\"}\":1,\"m{b=\\\"2\\\",a=\\\"1\\\"}\":2}}",
        RejectReason.INVALID_VALUE, "values[m{b=\"2\",a=\"1\"}]", "values[m{b=\"2\",a=\"1\"}]: expected each series "
            + "once, found \"m{a=\\\"1\\\",b=\\\"2\\\"}\" and \"m{b=\\\"2\\\",a=\\\"1\\\"}\" which are both m{a=\"1\",b=\"2\"}; "
            + "send one of them");
  }

  @Test
  void a_root_cause_with_spaces_is_an_invalid_value() {
    assertRejected("{\"schema\":\"gorca.label/v1\",\"ts_ms\":0,\"incident_id\":\"inc-1\",\"root_cause\":\"goroutine leak\","
            + "\"operator\":\"alice\"}", RejectReason.INVALID_VALUE, "root_cause",
        "root_cause: expected a root-cause id without whitespace such as \"goroutine_leak\", found \"goroutine leak\"; "
            + "put free text in comment");
  }

  @Test
  void a_label_with_an_empty_service_is_an_invalid_value_even_though_service_is_optional() {
    assertRejected("{\"schema\":\"gorca.label/v1\",\"service\":\" \",\"ts_ms\":0,\"incident_id\":\"inc-1\","
            + "\"root_cause\":\"oom\",\"operator\":\"alice\"}", RejectReason.INVALID_VALUE, "service",
        "service: expected a non-blank string such as \"checkout\", found \" \"; set service");
  }

  @Test
  void a_long_found_value_is_cut_in_the_message_so_dumps_do_not_flood_logs() {
    String longService = "s".repeat(300);
    assertRejected("{\"schema\":\"gorca.dump/v1\",\"service\":\"" + longService + "\",\"instance\":\"i\",\"ts_ms\":0,"
            + "\"text\":\"g\"}", RejectReason.INVALID_VALUE, "service",
        "service: expected at most 256 chars, found 300 chars starting \"" + "s".repeat(80)
            + "\"... (220 more chars); send a short identifier");
  }
}
