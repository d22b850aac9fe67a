package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Every SQL query in a dashboard: each panel's targets and each annotation, named for test reports. */
final class DashboardQueries {
  record Query(String dashboardUid, String where, JsonNode datasource, String format, String sql) {
    /** {@code dashboard-uid / panel title}, or {@code dashboard-uid / annotation name}. */
    String name() {
      return dashboardUid + " / " + where;
    }
  }

  private DashboardQueries() {}

  static List<Query> of(Dashboard dashboard) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.json().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        JsonNode datasource = target.has("datasource") ? target.get("datasource") : panel.path("datasource");
        queries.add(new Query(dashboard.uid(), panel.path("title").asText(), datasource,
            target.path("format").asText(), target.path("rawSql").asText()));
      }
    }
    for (JsonNode annotation : dashboard.json().path("annotations").path("list")) {
      JsonNode target = annotation.path("target");
      queries.add(new Query(dashboard.uid(), "annotation " + annotation.path("name").asText(),
          annotation.path("datasource"), target.path("format").asText(), target.path("rawSql").asText()));
    }
    return queries;
  }

  static List<Query> all() {
    List<Query> queries = new ArrayList<>();
    DashboardCatalog.load().forEach(d -> queries.addAll(of(d)));
    return queries;
  }
}
