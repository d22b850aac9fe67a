package dev.gorca.serving.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dashboards gorca provisions, read from {@code dashboards/*.json} next to this class. The files are listed
 * here because a directory inside a jar cannot be listed; a test checks the list against the folder.
 */
public final class DashboardCatalog {
  public static final String RESOURCE_DIR = "dashboards/";
  public static final List<String> FILES = List.of("root-causes.json", "model-and-labels.json",
      "live-incidents.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardCatalog() {}

  public static List<Dashboard> load() {
    List<Dashboard> dashboards = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (String file : FILES) {
      Dashboard dashboard = new Dashboard(file, read(file));
      if (!uids.add(dashboard.uid())) {
        throw new IllegalStateException("expected unique dashboard uids, found \"" + dashboard.uid()
            + "\" twice (again in " + file + ")");
      }
      dashboards.add(dashboard);
    }
    return List.copyOf(dashboards);
  }

  private static ObjectNode read(String file) {
    try (InputStream in = DashboardCatalog.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("dashboard " + RESOURCE_DIR + file + " missing from the classpath next to "
            + DashboardCatalog.class.getName());
      }
      JsonNode json = JSON.readTree(in);
      if (!json.isObject()) {
        throw new IllegalStateException("expected a JSON object (Grafana's dashboard model) in " + file);
      }
      return (ObjectNode) json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dashboard " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + file, e);
    }
  }
}
