package dev.gorca.serving.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The test-side copy of Grafana's macro expansion gives what Grafana's PostgreSQL backend gives. */
class GrafanaSqlMacrosTest {
  private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-21T00:00:00.250Z");
  private static final Duration ONE_HOUR = Duration.ofHours(1);

  @Test
  void time_filter_and_group_alias_expand_as_in_grafanas_postgres_backend() {
    assertEquals("SELECT floor(extract(epoch from created_at)/300)*300 AS \"time\" FROM t WHERE created_at BETWEEN"
            + " '2026-11-20T00:00:00Z' AND '2026-11-21T00:00:00.25Z'",
        GrafanaSqlMacros.expand("SELECT $__timeGroupAlias(created_at, '5m') FROM t WHERE $__timeFilter(created_at)",
            FROM, TO, ONE_HOUR));
  }

  @Test
  void unix_epoch_macros_take_the_range_in_whole_seconds_and_the_interval_in_seconds() {
    assertEquals("SELECT floor((ts_ms/1000)/3600)*3600 AS \"time\" WHERE ts_ms BETWEEN 1795132800*1000 AND"
            + " 1795219200*1000",
        GrafanaSqlMacros.expand("SELECT $__unixEpochGroupAlias(ts_ms/1000, $__interval) WHERE ts_ms BETWEEN"
            + " $__unixEpochFrom()*1000 AND $__unixEpochTo()*1000", FROM, TO, ONE_HOUR));
  }

  @Test
  void a_macro_argument_ends_at_the_first_closing_parenthesis_so_a_function_call_inside_breaks_the_sql() {
    // Why the dashboards never write $__timeFilter(to_timestamp(ts_ms/1000.0)).
    assertEquals("WHERE to_timestamp(ts_ms/1000.0 BETWEEN '2026-11-20T00:00:00Z' AND '2026-11-21T00:00:00.25Z')",
        GrafanaSqlMacros.expand("WHERE $__timeFilter(to_timestamp(ts_ms/1000.0))", FROM, TO, ONE_HOUR));
  }

  @Test
  void an_unknown_macro_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GrafanaSqlMacros.expand("SELECT $__timeFilterr(ts)", FROM, TO, ONE_HOUR));
    assertEquals("unknown macro \"__timeFilterr\" (Grafana answers the same)", e.getMessage());
  }
}
