package dev.gorca.serving.store;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredIncidentTest {
  @Test
  void more_than_three_causes_are_refused_with_a_hint_to_keep_the_top_three() {
    StoredIncident base = Incidents.crash("inc-1", "checkout", CRASH_AT, "nil_map_write");
    List<RankedCause> four = List.of(new RankedCause("a", 0.4), new RankedCause("b", 0.3), new RankedCause("c", 0.2),
        new RankedCause("d", 0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoredIncident(
        base.incidentId(), base.service(), base.instance(), base.tsMs(), base.type(), null, null, four,
        base.modelId(), base.featureSchema(), base.features(), null, null, base.inputs(), Double.NaN, null, null));
    assertEquals("expected at most 3 causes, found 4 for inc-1; keep the top 3", e.getMessage());
  }

  @Test
  void a_probability_outside_zero_to_one_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RankedCause("oom", 1.5));
    assertEquals("expected a probability in [0, 1] for oom, found 1.5", e.getMessage());
  }

  @Test
  void an_unknown_incident_type_names_the_two_known_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IncidentType.byId("hang"));
    assertEquals("expected incident type crash or live, found \"hang\"", e.getMessage());
  }

  @Test
  void features_that_are_not_finite_are_written_as_json_null_and_read_back_as_nan() {
    String json = PostgresIncidentStore.featuresJson(Map.of("gc_pause_p99_ms", Double.NaN));
    assertEquals("{\"gc_pause_p99_ms\":null}", json);
    assertEquals(Double.NaN, PostgresIncidentStore.features(json).get("gc_pause_p99_ms"));
  }

  @Test
  void a_filter_limit_outside_one_to_a_thousand_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IncidentFilter.newest(0));
    assertEquals("expected a limit in 1..1000, found 0", e.getMessage());
  }
}
