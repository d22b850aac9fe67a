package dev.gorca.serving.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.grafana.DashboardQueries.Query;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.IncidentType;
import dev.gorca.serving.store.Label;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.StoredIncident;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL query of every dashboard, expanded as Grafana expands it for one fixed day, runs on a real PostgreSQL
 * holding the incident store and gives the rows worked out by hand from the incidents and labels below; and runs on
 * a database with only the V1 schema, so the dashboards never depend on a later migration's columns.
 */
class GrafanaDashboardQueriesITCase {
  // The dashboards' time range: one day. An incident and a label the day before must not show.
  private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofHours(1);
  private static final Instant DAY_BEFORE = Instant.parse("2026-11-19T12:00:00Z");
  private static final Instant AT_0210 = Instant.parse("2026-11-20T02:10:00Z");
  private static final Instant AT_0240 = Instant.parse("2026-11-20T02:40:00Z");
  private static final Instant AT_0300 = Instant.parse("2026-11-20T03:00:00Z");
  private static final Instant AT_0330 = Instant.parse("2026-11-20T03:30:00Z");
  private static final Instant AT_0400 = Instant.parse("2026-11-20T04:00:00Z");
  private static final Instant AT_0505 = Instant.parse("2026-11-20T05:05:00Z");
  private static final Instant AT_0530 = Instant.parse("2026-11-20T05:30:00Z");
  private static final Instant AT_0600 = Instant.parse("2026-11-20T06:00:00Z");
  private static final Instant AT_0620 = Instant.parse("2026-11-20T06:20:00Z");
  private static final Instant AT_0915 = Instant.parse("2026-11-20T09:15:00Z");
  private static final Instant FIRST_MODEL_PROMOTED = Instant.parse("2026-11-01T00:00:00Z");
  private static final String MODEL_1 = "gorca-lgbm-2026-11-01";
  private static final String MODEL_2 = "gorca-lgbm-2026-11-20";

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static String v1OnlyUrl;

  @BeforeAll
  static void storeWithIncidents() throws Exception {
    postgres = EmbeddedPostgres.start(dataDir);
    IncidentStore store = PostgresIncidentStore.open(postgres.dataSource());
    store.upsertIncident(incident("inc-a", "checkout", AT_0210, IncidentType.CRASH, "nil_map_write", 0.91, MODEL_1));
    store.upsertIncident(incident("inc-b", "checkout", AT_0240, IncidentType.CRASH, "nil_map_write", 0.62, MODEL_1));
    store.upsertIncident(incident("inc-c", "payments", AT_0505, IncidentType.CRASH, "goroutine_leak", 0.45, MODEL_1));
    store.upsertIncident(incident("inc-d", "payments", AT_0530, IncidentType.LIVE, "goroutine_leak", 0.83, MODEL_2));
    store.upsertIncident(incident("inc-e", "checkout", AT_0915, IncidentType.LIVE, "oom", 1.0, MODEL_2));
    store.upsertIncident(incident("inc-old", "checkout", DAY_BEFORE, IncidentType.CRASH, "deadlock", 0.7, MODEL_1));
    store.addLabel(label("inc-a", "nil_map_write", "alice", AT_0300));     // confirms the top cause
    store.addLabel(label("inc-b", "oom", "bob", AT_0330));                 // corrects it
    store.addLabel(label("inc-c", "goroutine_leak", "alice", AT_0600));    // confirms
    store.addLabel(label("inc-d", "goroutine_leak", "carol", AT_0620));    // confirms
    store.addLabel(label("inc-old", "deadlock", "alice", DAY_BEFORE));     // outside the range
    store.recordModel(MODEL_1, FIRST_MODEL_PROMOTED, "{\"macro_f1\": 0.81}");
    store.recordModel(MODEL_2, AT_0400, "{\"macro_f1\": 0.84}");

    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE v1_only");
    }
    v1OnlyUrl = "jdbc:postgresql://localhost:" + postgres.port() + "/v1_only?user=" + EmbeddedPostgres.USER;
    try (Connection c = DriverManager.getConnection(v1OnlyUrl); Statement s = c.createStatement()) {
      s.execute(v1Schema());
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> every_dashboard_query_gives_the_expected_rows_on_the_store() {
    Map<String, Result> expected = expected();
    List<Query> queries = DashboardQueries.all();
    assertEquals(expected.keySet().stream().sorted().toList(), queries.stream().map(Query::name).sorted().toList(),
        "one expectation per dashboard query: a new panel needs its expected rows here");
    return queries.stream().map(q -> DynamicTest.dynamicTest(q.name(), () -> {
      Result result = run(postgres.dataSource(), expand(q));
      assertEquals(expected.get(q.name()), result, q.name() + "\n" + expand(q));
    }));
  }

  @TestFactory
  Stream<DynamicTest> every_dashboard_query_runs_on_the_v1_schema_alone() {
    return DashboardQueries.all().stream().map(q -> DynamicTest.dynamicTest(q.name(), () -> {
      try (Connection c = DriverManager.getConnection(v1OnlyUrl); Statement s = c.createStatement()) {
        s.executeQuery(expand(q)).close();
      } catch (SQLException e) {
        fail(q.name() + " needs more than the V1 schema: " + e.getMessage() + "\n" + expand(q));
      }
    }));
  }

  /** Worked out by hand from the incidents and labels above. Times: epoch seconds or ISO instants. */
  private static Map<String, Result> expected() {
    Map<String, Result> e = new HashMap<>();
    String rootCauses = "gorca-root-causes / ";
    e.put(rootCauses + "Predicted root causes over time", new Result(List.of("time", "cause", "incidents"), List.of(
        List.of(hour(AT_0210), "nil_map_write", "2"),
        List.of(hour(AT_0505), "goroutine_leak", "2"),
        List.of(hour(AT_0915), "oom", "1"))));
    e.put(rootCauses + "Incidents over time by service", new Result(List.of("time", "service", "incidents"), List.of(
        List.of(hour(AT_0210), "checkout", "2"),
        List.of(hour(AT_0505), "payments", "2"),
        List.of(hour(AT_0915), "checkout", "1"))));
    e.put(rootCauses + "Top causes", new Result(List.of("cause", "incidents", "mean_confidence"), List.of(
        List.of("goroutine_leak", "2", "0.64"),     // (0.45 + 0.83) / 2
        List.of("nil_map_write", "2", "0.765"),     // (0.91 + 0.62) / 2
        List.of("oom", "1", "1"))));
    e.put(rootCauses + "Top causes by service",
        new Result(List.of("service", "cause", "incidents", "share_of_service"), List.of(
            List.of("checkout", "nil_map_write", "2", "0.667"),
            List.of("checkout", "oom", "1", "0.333"),
            List.of("payments", "goroutine_leak", "2", "1"))));
    e.put(rootCauses + "Confidence distribution", new Result(List.of("confidence", "incidents"), List.of(
        List.of("0.4-0.5", "1"),      // 0.45
        List.of("0.6-0.7", "1"),      // 0.62
        List.of("0.8-0.9", "1"),      // 0.83
        List.of("0.9-1.0", "2"))));   // 0.91 and 1.0, which belongs to the top tenth
    Result promotions = new Result(List.of("time", "text", "tags"), List.of(
        List.of(AT_0400.toString(), "model " + MODEL_2 + " promoted", "model")));
    e.put(rootCauses + "annotation Model promotions", promotions);

    String model = "gorca-model-labels / ";
    e.put(model + "Label agreement", new Result(List.of("agreement", "labels"), List.of(List.of("0.75", "4"))));
    e.put(model + "Label agreement over time", new Result(List.of("time", "agreement"), List.of(
        List.of(hour(AT_0300), "0.5"),
        List.of(hour(AT_0600), "1"))));
    e.put(model + "Label agreement by model version", new Result(List.of("model_id", "labels", "agreement"), List.of(
        List.of(MODEL_1, "3", "0.667"),
        List.of(MODEL_2, "1", "1"))));
    e.put(model + "Operators' corrections", new Result(List.of("predicted", "labelled", "labels"), List.of(
        List.of("nil_map_write", "oom", "1"))));
    e.put(model + "Model versions", new Result(List.of("model_id", "promoted_at", "replaced_at", "metrics"), List.of(
        List.of(MODEL_2, AT_0400.toString(), "null", "{\"macro_f1\": 0.84}"),
        List.of(MODEL_1, FIRST_MODEL_PROMOTED.toString(), AT_0400.toString(), "{\"macro_f1\": 0.81}"))));
    e.put(model + "Incidents scored per model version", new Result(List.of("time", "model_id", "incidents"), List.of(
        List.of(hour(AT_0210), MODEL_1, "2"),
        List.of(hour(AT_0505), MODEL_1, "1"),
        List.of(hour(AT_0505), MODEL_2, "1"),
        List.of(hour(AT_0915), MODEL_2, "1"))));
    e.put(model + "annotation Model promotions", promotions);

    String live = "gorca-live-incidents / ";
    e.put(live + "Live and crash incidents", new Result(List.of("live", "crash"), List.of(List.of("2", "3"))));
    e.put(live + "Live incidents over time by service", new Result(List.of("time", "service", "incidents"), List.of(
        List.of(hour(AT_0505), "payments", "1"),
        List.of(hour(AT_0915), "checkout", "1"))));
    e.put(live + "Live (pre-crash) incidents", new Result(List.of("time", "service", "instance", "top_cause",
        "confidence", "model_id", "labelled", "incident_id"), List.of(
        List.of(AT_0915.toString(), "checkout", "checkout-7d9f-x2k4p", "oom", "1", MODEL_2, "false", "inc-e"),
        List.of(AT_0530.toString(), "payments", "payments-7d9f-x2k4p", "goroutine_leak", "0.83", MODEL_2, "true",
            "inc-d"))));
    e.put(live + "annotation Model promotions", promotions);
    return e;
  }

  /** Column names and rows; numbers without trailing zeros, timestamps as ISO instants, SQL NULL as "null". */
  record Result(List<String> columns, List<List<String>> rows) {}

  private static Result run(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(text(rs.getObject(i)));
        }
        rows.add(row);
      }
      return new Result(columns, rows);
    }
  }

  private static String text(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static String expand(Query q) {
    return GrafanaSqlMacros.expand(q.sql(), FROM, TO, INTERVAL);
  }

  /** The start of the hour bucket Grafana groups {@code t} into, in epoch seconds. */
  private static String hour(Instant t) {
    return Long.toString(t.getEpochSecond() / 3600 * 3600);
  }

  private static StoredIncident incident(String id, String service, Instant at, IncidentType type, String topCause,
      double probability, String modelId) {
    List<RankedCause> causes = List.of(new RankedCause(topCause, probability),
        new RankedCause("goroutine_leak".equals(topCause) ? "deadlock" : "goroutine_leak", (1 - probability) / 2));
    return new StoredIncident(id, service, service + "-7d9f-x2k4p", at.toEpochMilli(), type,
        type == IncidentType.CRASH ? "panic" : null, type == IncidentType.CRASH ? "runtime error" : null, causes,
        modelId, "features/v3", Map.of("goroutines_max", 5321.0), null, null, List.of("metrics", "dump"), Double.NaN,
        null, null);
  }

  private static Label label(String incidentId, String rootCause, String operator, Instant at) {
    return new Label(incidentId, rootCause, operator, "", at.toEpochMilli());
  }

  private static String v1Schema() throws Exception {
    try (InputStream in = PostgresIncidentStore.class.getResourceAsStream("V1__incidents.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
