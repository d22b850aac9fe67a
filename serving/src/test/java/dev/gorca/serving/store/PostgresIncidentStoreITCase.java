package dev.gorca.serving.store;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static dev.gorca.ingest.contract.TestTimes.LABELLED_AT;
import static dev.gorca.ingest.contract.TestTimes.NEXT_SCRAPE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.serving.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIncidentStoreITCase {
  private static final long ONE_HOUR_LATER = CRASH_AT + Duration.ofHours(1).toMillis();
  private static final long TWO_HOURS_LATER = CRASH_AT + Duration.ofHours(2).toMillis();

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private IncidentStore store;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedPostgres.start(dataDir);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void emptyStore() throws Exception {
    store = PostgresIncidentStore.open(postgres.dataSource());
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE incidents, labels, model_versions");
    }
  }

  @Test
  void upserting_the_same_incident_twice_keeps_one_row_with_the_second_version() throws Exception {
    store.upsertIncident(Incidents.crash("inc-1", "checkout", CRASH_AT, "nil_map_write"));
    store.upsertIncident(Incidents.crash("inc-1", "checkout", CRASH_AT, "goroutine_leak"));
    assertEquals(1, count("SELECT count(*) FROM incidents"));
    StoredIncident found = store.find("inc-1").orElseThrow();
    assertEquals("goroutine_leak", found.causes().get(0).cause());
  }

  @Test
  void a_found_incident_equals_the_stored_one_with_nan_features_kept_as_nan() {
    StoredIncident stored = Incidents.crash("inc-1", "checkout", CRASH_AT, "nil_map_write");
    store.upsertIncident(stored);
    StoredIncident found = store.find("inc-1").orElseThrow();
    assertNotNull(found.createdAt());
    assertEquals(stored.withCreatedAt(found.createdAt()), normalizedJson(found, stored));
    assertTrue(Double.isNaN(found.features().get("gc_pause_p99_ms")));
    assertTrue(store.find("inc-unknown").isEmpty());
  }

  @Test
  void list_returns_newest_first_and_filters_by_service_root_cause_labelled_and_cursor() {
    store.upsertIncident(Incidents.crash("inc-old", "checkout", CRASH_AT, "nil_map_write"));
    store.upsertIncident(Incidents.crash("inc-mid", "payments", ONE_HOUR_LATER, "oom"));
    store.upsertIncident(Incidents.crash("inc-new", "checkout", TWO_HOURS_LATER, "deadlock"));
    // The operator says the old one was an OOM: it is filed under the label now, not the model's top cause.
    store.addLabel(new Label("inc-old", "oom", "alice", "heap grew for an hour", LABELLED_AT));

    assertEquals(List.of("inc-new", "inc-mid", "inc-old"), ids(IncidentFilter.newest(10)));
    assertEquals(List.of("inc-new", "inc-old"), ids(IncidentFilter.newest(10).service("checkout")));
    assertEquals(List.of("inc-mid", "inc-old"), ids(IncidentFilter.newest(10).rootCause("oom")));
    assertEquals(List.of(), ids(IncidentFilter.newest(10).rootCause("nil_map_write")));
    assertEquals(List.of("inc-old"), ids(IncidentFilter.newest(10).labelled(true)));
    assertEquals(List.of("inc-new", "inc-mid"), ids(IncidentFilter.newest(10).labelled(false)));
    assertEquals(List.of("inc-new"), ids(IncidentFilter.newest(1)));
    assertEquals(List.of("inc-mid", "inc-old"), ids(IncidentFilter.newest(10).before(TWO_HOURS_LATER)));
  }

  @Test
  void labels_since_come_with_their_incidents_features_and_a_replayed_label_is_stored_once() throws Exception {
    store.upsertIncident(Incidents.crash("inc-1", "checkout", CRASH_AT, "nil_map_write"));
    store.upsertIncident(Incidents.crash("inc-2", "checkout", NEXT_SCRAPE_AT, "oom"));
    Label early = new Label("inc-1", "nil_map_write", "alice", "", CRASH_AT);
    Label late = new Label("inc-2", "goroutine_leak", "bob", "leak in the poller", LABELLED_AT);
    store.addLabel(early);
    store.addLabel(late);
    store.addLabel(late);
    assertEquals(2, count("SELECT count(*) FROM labels"));

    List<LabelledIncident> since = store.labelsSince(NEXT_SCRAPE_AT);
    assertEquals(1, since.size());
    assertEquals(late, since.get(0).label());
    assertEquals(5321.0, since.get(0).incident().features().get("goroutines_max"));
    assertEquals(2, store.labelsSince(CRASH_AT).size());
  }

  @Test
  void a_label_for_an_unknown_incident_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.addLabel(new Label("inc-unknown", "oom", "alice", "", LABELLED_AT)));
    assertEquals("expected a stored incident with id inc-unknown to label, found none; store the incident first",
        e.getMessage());
  }

  @Test
  void recording_a_model_twice_keeps_one_row() throws Exception {
    store.recordModel("gorca-lgbm-1", Instant.ofEpochMilli(CRASH_AT), "{\"macro_f1\": 0.81}");
    store.recordModel("gorca-lgbm-1", Instant.ofEpochMilli(LABELLED_AT), "{\"macro_f1\": 0.83}");
    assertEquals(1, count("SELECT count(*) FROM model_versions"));
  }

  @Test
  void opening_the_store_again_keeps_the_schema_at_its_version() throws Exception {
    PostgresIncidentStore.open(postgres.dataSource());
    assertEquals(SchemaMigrations.SCRIPTS.size(), count("SELECT max(version) FROM schema_version"));
  }

  @Test
  void a_restarted_postgres_on_the_same_data_directory_still_has_the_incidents(@TempDir Path ownDir) {
    try (EmbeddedPostgres first = EmbeddedPostgres.start(ownDir)) {
      PostgresIncidentStore.open(first.dataSource())
          .upsertIncident(Incidents.crash("inc-kept", "checkout", CRASH_AT, "oom"));
    }
    try (EmbeddedPostgres again = EmbeddedPostgres.start(ownDir)) {
      assertTrue(PostgresIncidentStore.open(again.dataSource()).find("inc-kept").isPresent());
    }
  }

  private List<String> ids(IncidentFilter filter) {
    return store.list(filter).stream().map(StoredIncident::incidentId).toList();
  }

  private static long count(String sql) throws Exception {
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** JSONB reformats documents (spacing, key order): compare the JSON columns by meaning, the rest exactly. */
  private static StoredIncident normalizedJson(StoredIncident found, StoredIncident stored) {
    assertEquals(tree(stored.explanationJson()), tree(found.explanationJson()));
    assertEquals(tree(stored.suspectJson()), tree(found.suspectJson()));
    assertEquals(tree(stored.documentJson()), tree(found.documentJson()));
    return new StoredIncident(found.incidentId(), found.service(), found.instance(), found.tsMs(), found.type(),
        found.crashKind(), found.crashMessage(), found.causes(), found.modelId(), found.featureSchema(),
        stored.features(), stored.explanationJson(), stored.suspectJson(), found.inputs(), found.novelty(),
        stored.documentJson(), found.createdAt());
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
