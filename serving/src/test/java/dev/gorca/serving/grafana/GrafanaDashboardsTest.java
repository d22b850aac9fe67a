package dev.gorca.serving.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.grafana.DashboardQueries.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboards in the repository are valid Grafana models that read only the incident-store data source. */
class GrafanaDashboardsTest {
  private static final List<Dashboard> DASHBOARDS = DashboardCatalog.load();

  @Test
  void the_catalog_lists_exactly_the_json_files_of_the_dashboards_folder() throws Exception {
    // The source folder, not the classpath: Failsafe runs from the jar, where a folder cannot be listed.
    Path folder = LabCaptures.repoRoot().resolve("serving/src/main/resources/dev/gorca/serving/grafana")
        .resolve(DashboardCatalog.RESOURCE_DIR);
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(Set.copyOf(DashboardCatalog.FILES),
          Set.copyOf(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).toList()),
          "a dashboard file not in DashboardCatalog.FILES would never be provisioned");
    }
  }

  @Test
  void every_dashboard_has_its_own_fixed_uid_and_title() {
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Dashboard d : DASHBOARDS) {
      assertTrue(uids.add(d.uid()), "uid " + d.uid() + " twice");
      assertTrue(titles.add(d.title()), "title " + d.title() + " twice");
      assertTrue(d.uid().startsWith("gorca-"), d.uid());
    }
    assertEquals(DashboardCatalog.FILES.size(), uids.size());
  }

  @Test
  void every_panel_has_an_id_a_place_and_at_least_one_query() {
    for (Dashboard d : DASHBOARDS) {
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : d.json().path("panels")) {
        String where = d.uid() + " / " + panel.path("title").asText();
        assertTrue(ids.add(panel.path("id").asInt(-1)), "panel id repeated in " + where);
        assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), "gridPos in " + where);
        assertFalse(panel.path("targets").isEmpty(), "queries in " + where);
      }
      assertFalse(ids.isEmpty(), d.uid() + " has panels");
    }
  }

  @Test
  void every_query_reads_the_incident_store_datasource_by_uid_in_a_format_grafana_knows() {
    for (Query q : DashboardQueries.all()) {
      assertEquals(PostgresDatasource.UID, q.datasource().path("uid").asText(), q.name());
      assertEquals(PostgresDatasource.TYPE, q.datasource().path("type").asText(), q.name());
      assertTrue(List.of("table", "time_series").contains(q.format()), q.name() + ": format " + q.format());
      assertFalse(q.sql().isBlank(), q.name());
    }
  }

  @Test
  void no_macro_argument_holds_a_parenthesis_which_grafanas_macro_regex_would_cut() {
    for (Query q : DashboardQueries.all()) {
      Matcher m = GrafanaSqlMacros.MACRO.matcher(q.sql());
      while (m.find()) {
        assertFalse(m.group(2).contains("("), q.name() + ": " + m.group() + " would expand to broken SQL; put the"
            + " expression in a column (subquery) or use $__unixEpochFrom()/$__unixEpochTo()");
      }
    }
  }

  @Test
  void the_time_series_panels_return_a_time_column() {
    for (Query q : DashboardQueries.all()) {
      if (q.format().equals("time_series")) {
        assertTrue(q.sql().contains("AS \"time\"") || q.sql().contains("GroupAlias("), q.name());
      }
    }
  }
}
