package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static dev.gorca.ingest.contract.TestTimes.LABELLED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact constructors: the same rules hold for envelopes built in code as for decoded ones. */
class EnvelopeRecordsTest {
  @Test
  void a_crash_may_have_empty_stderr_because_an_oom_kill_prints_nothing() {
    assertEquals("", CrashEnvelope.of("checkout", "i-1", CRASH_AT, "").text());
  }

  @Test
  void a_crash_without_text_names_the_field_and_says_to_send_an_empty_string() {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> CrashEnvelope.of("checkout", "i-1", CRASH_AT, null));
    assertEquals("text", e.field());
    assertEquals("text: expected the stderr tail of the dying process (may be empty), found nothing; set text to \"\" "
        + "when the process printed nothing", e.getMessage());
  }

  @Test
  void signal_names_with_realtime_offsets_are_accepted() {
    assertEquals("SIGRTMIN+3", new CrashEnvelope("s", "i", CRASH_AT, "", null, "SIGRTMIN+3", null, null).signal());
  }

  @Test
  void each_envelope_reports_its_schema() {
    assertEquals("gorca.crash/v1", CrashEnvelope.of("s", "i", CRASH_AT, "").schema().id());
    assertEquals("gorca.metrics/v1", MetricsEnvelope.ofBody("s", "i", CRASH_AT, "up 1\n").schema().id());
    assertEquals("gorca.dump/v1", new DumpEnvelope("s", "i", CRASH_AT, "goroutine 1").schema().id());
    assertEquals("gorca.label/v1", LabelEnvelope.of(LABELLED_AT, "inc-1", "oom", "alice").schema().id());
  }

  @Test
  void a_label_needs_no_service_or_instance() {
    LabelEnvelope label = LabelEnvelope.of(LABELLED_AT, "inc-1", "oom", "alice");
    assertNull(label.service());
    assertNull(label.instance());
  }

  @Test
  void a_label_comment_longer_than_64_kib_is_refused() {
    InvalidFieldException e = assertThrows(InvalidFieldException.class,
        () -> new LabelEnvelope(LABELLED_AT, "inc-1", "oom", "alice", "x".repeat(65537), null, null));
    assertEquals("comment: expected at most 65536 chars, found 65537; shorten the comment or link to a document",
        e.getMessage());
  }

  @Test
  void metrics_values_are_copied_and_a_non_canonical_key_names_the_values_field() {
    Map<String, Double> values = new HashMap<>(Map.of("go_goroutines", 1.0));
    MetricsEnvelope metrics = MetricsEnvelope.ofValues("s", "i", CRASH_AT, values);
    values.put("go_threads", 2.0);
    assertEquals(Map.of("go_goroutines", 1.0), metrics.values());
    InvalidFieldException e = assertThrows(InvalidFieldException.class,
        () -> MetricsEnvelope.ofValues("s", "i", CRASH_AT, Map.of("m{b=\"1\",a=\"1\"}", 1.0)));
    assertEquals("values", e.field());
  }

  @Test
  void a_timestamp_after_the_year_9999_is_refused_as_a_unit_mistake() {
    InvalidFieldException e = assertThrows(InvalidFieldException.class,
        () -> new DumpEnvelope("s", "i", Fields.MAX_TS_MS + 1, "goroutine 1"));
    assertEquals("ts_ms: expected milliseconds since the epoch up to 253402300799999 (year 9999), found "
        + "253402300800000; this looks like micro- or nanoseconds, divide to milliseconds", e.getMessage());
  }
}
