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

  @Test
  void list_filters_by_the_top_cause_probability() {
    store.upsertIncident(Incidents.uncertain("inc-sure", CRASH_AT, 0.9, 0.05));
    store.upsertIncident(Incidents.uncertain("inc-unsure", ONE_HOUR_LATER, 0.4, 0.35));
    assertEquals(List.of("inc-sure"), ids(IncidentFilter.newest(10).minConfidence(0.5)));
    assertEquals(List.of("inc-unsure", "inc-sure"), ids(IncidentFilter.newest(10).minConfidence(0.4)));
  }

  @Test
  void labels_of_an_incident_come_newest_first_and_latest_labels_pick_the_newest_per_incident() {
    store.upsertIncident(Incidents.crash("inc-1", "checkout", CRASH_AT, "nil_map_write"));
    store.upsertIncident(Incidents.crash("inc-2", "checkout", CRASH_AT, "oom"));
    Label first = new Label("inc-1", "oom", "alice", "", NEXT_SCRAPE_AT);
    Label second = new Label("inc-1", "deadlock", "bob", "it was the lock", LABELLED_AT);
    store.addLabel(first);
    store.addLabel(second);
    assertEquals(List.of(second, first), store.labels("inc-1"));
    assertEquals(List.of(), store.labels("inc-2"));
    assertEquals(java.util.Map.of("inc-1", second), store.latestLabels(List.of("inc-1", "inc-2", "inc-unknown")));
    assertEquals(java.util.Map.of(), store.latestLabels(List.of()));
  }

  @Test
  void the_review_queue_holds_unlabelled_incidents_least_sure_first() {
    store.upsertIncident(Incidents.uncertain("inc-sure", CRASH_AT, 0.9, 0.05));
    store.upsertIncident(Incidents.uncertain("inc-torn", ONE_HOUR_LATER, 0.41, 0.39));
    store.upsertIncident(Incidents.uncertain("inc-unsure", TWO_HOURS_LATER, 0.5, 0.3));
    store.upsertIncident(Incidents.uncertain("inc-labelled", TWO_HOURS_LATER, 0.34, 0.33));
    store.addLabel(new Label("inc-labelled", "deadlock", "alice", "", LABELLED_AT));

    List<ReviewItem> queue = store.reviewQueue(10);
    assertEquals(List.of("inc-torn", "inc-unsure", "inc-sure"),
        queue.stream().map(item -> item.incident().incidentId()).toList());
    assertEquals(0.02, queue.get(0).margin(), 1e-9);
    assertEquals(1, store.reviewQueue(1).size());
  }

  @Test
  void similar_incidents_share_the_crash_fingerprint_or_the_top_bucket_function() {
    store.upsertIncident(Incidents.withSignature("inc-1", CRASH_AT, "fp-a", "main.(*Cache).load"));
    store.upsertIncident(Incidents.withSignature("inc-same-fp", ONE_HOUR_LATER, "fp-a", "main.other"));
    store.upsertIncident(Incidents.withSignature("inc-same-fn", TWO_HOURS_LATER, "fp-b", "main.(*Cache).load"));
    store.upsertIncident(Incidents.withSignature("inc-unrelated", TWO_HOURS_LATER, "fp-c", "main.elsewhere"));
    store.upsertIncident(Incidents.crash("inc-no-document", "checkout", CRASH_AT, "oom"));

    assertEquals(List.of("inc-same-fn", "inc-same-fp"),
        store.similar("inc-1", 10).stream().map(StoredIncident::incidentId).toList());
    assertEquals(List.of(), store.similar("inc-no-document", 10));
    assertEquals(List.of(), store.similar("inc-unknown", 10));
  }

  @Test
  void label_agreement_counts_per_day_the_labels_that_confirmed_the_top_cause() {
    long dayOne = Instant.parse("2023-11-15T00:00:00Z").toEpochMilli();
    long dayTwo = Instant.parse("2023-11-16T00:00:00Z").toEpochMilli();
    store.upsertIncident(Incidents.crash("inc-1", "checkout", CRASH_AT, "oom"));
    store.upsertIncident(Incidents.crash("inc-2", "checkout", CRASH_AT, "oom"));
    store.upsertIncident(Incidents.crash("inc-3", "checkout", CRASH_AT, "deadlock"));
    store.addLabel(new Label("inc-1", "oom", "alice", "", dayOne + 1000));
    store.addLabel(new Label("inc-2", "deadlock", "alice", "", dayOne + 2000));
    store.addLabel(new Label("inc-3", "deadlock", "bob", "", dayTwo + 5000));

    assertEquals(List.of(new LabelAgreement(dayOne, 2, 1), new LabelAgreement(dayTwo, 1, 1)),
        store.labelAgreement(0));
    assertEquals(List.of(new LabelAgreement(dayTwo, 1, 1)), store.labelAgreement(dayTwo));
    assertEquals(0.5, store.labelAgreement(0).get(0).share());
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
