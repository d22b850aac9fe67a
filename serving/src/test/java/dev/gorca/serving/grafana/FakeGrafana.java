package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A Grafana that remembers what it was given: the data source, folder and dashboard endpoints gorca uses, answering
 * as Grafana's HTTP API documents them (404 when missing, 409 on a create that clashes, 412 on a stale version,
 * 401 without the right bearer token). Lets a test run provisioning twice and look at what Grafana holds.
 */
public final class FakeGrafana extends Dispatcher {
  public static final String TOKEN = "glsa_provisioning_token";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, ObjectNode> datasources = new LinkedHashMap<>();
  final Map<String, ObjectNode> folders = new LinkedHashMap<>();
  /** uid to Grafana's GET answer: {"dashboard": ..., "meta": {"folderUid": ...}}. */
  final Map<String, ObjectNode> dashboards = new LinkedHashMap<>();
  /** Passwords as Grafana would keep them encrypted: never shown back. */
  final Map<String, String> datasourcePasswords = new LinkedHashMap<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private int nextId = 1;

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getPath();
    calls.add(method + " " + path);
    if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
      return answer(401, "{\"message\": \"invalid API key\"}");
    }
    String[] p = path.split("/");
    JsonNode body = read(request.getBody().readUtf8());
    if (path.startsWith("/api/datasources/uid/") && method.equals("GET")) {
      return found(datasources.get(p[4]), "Data source not found");
    }
    if (path.equals("/api/datasources") && method.equals("POST")) {
      return createDatasource((ObjectNode) body);
    }
    if (path.startsWith("/api/datasources/uid/") && method.equals("PUT")) {
      return updateDatasource(p[4], (ObjectNode) body);
    }
    if (path.startsWith("/api/folders/") && method.equals("GET")) {
      return found(folders.get(p[3]), "folder not found");
    }
    if (path.equals("/api/folders") && method.equals("POST")) {
      return createFolder(body);
    }
    if (path.startsWith("/api/folders/") && method.equals("PUT")) {
      return updateFolder(p[3], body);
    }
    if (path.startsWith("/api/dashboards/uid/") && method.equals("GET")) {
      return found(dashboards.get(p[4]), "Dashboard not found");
    }
    if (path.equals("/api/dashboards/db") && method.equals("POST")) {
      return saveDashboard(body);
    }
    return answer(404, "{\"message\": \"Not found\"}");
  }

  private MockResponse createDatasource(ObjectNode body) {
    String uid = body.path("uid").asText();
    boolean clash = datasources.containsKey(uid)
        || datasources.values().stream().anyMatch(d -> d.path("name").equals(body.path("name")));
    if (clash) {
      return answer(409, "{\"message\": \"data source with the same name already exists\"}");
    }
    ObjectNode stored = store(body.deepCopy(), 1);
    stored.put("id", nextId++);
    datasources.put(uid, stored);
    return answer(200, "{\"datasource\": " + stored + ", \"id\": " + stored.get("id") + ", \"message\":"
        + " \"Datasource added\", \"name\": " + stored.get("name") + "}");
  }

  private MockResponse updateDatasource(String uid, ObjectNode body) {
    ObjectNode old = datasources.get(uid);
    if (old == null) {
      return answer(404, "{\"message\": \"Data source not found\"}");
    }
    ObjectNode stored = store(body.deepCopy(), old.get("version").asInt() + 1);
    stored.set("id", old.get("id"));
    datasources.put(uid, stored);
    return answer(200, "{\"datasource\": " + stored + ", \"message\": \"Datasource updated\"}");
  }

  /** Grafana keeps secureJsonData encrypted and shows only which fields are set. */
  private ObjectNode store(ObjectNode datasource, int version) {
    JsonNode secure = datasource.remove("secureJsonData");
    String uid = datasource.path("uid").asText();
    if (secure != null && secure.has("password")) {
      datasourcePasswords.put(uid, secure.get("password").asText());
    }
    ObjectNode fields = datasource.putObject("secureJsonFields");
    if (datasourcePasswords.containsKey(uid)) {
      fields.put("password", true);
    }
    datasource.put("version", version).put("orgId", 1).put("readOnly", false);
    return datasource;
  }

  private MockResponse createFolder(JsonNode body) {
    String uid = body.path("uid").asText();
    if (folders.containsKey(uid)
        || folders.values().stream().anyMatch(f -> f.path("title").equals(body.path("title")))) {
      return answer(409, "{\"message\": \"a folder with the same name already exists\"}");
    }
    ObjectNode folder = JSON.createObjectNode().put("id", nextId++).put("uid", uid)
        .put("title", body.path("title").asText()).put("url", "/dashboards/f/" + uid).put("version", 1);
    folders.put(uid, folder);
    return answer(200, folder.toString());
  }

  private MockResponse updateFolder(String uid, JsonNode body) {
    ObjectNode folder = folders.get(uid);
    if (folder == null) {
      return answer(404, "{\"message\": \"folder not found\"}");
    }
    if (!body.path("overwrite").asBoolean() && body.path("version").asInt() != folder.get("version").asInt()) {
      return answer(412, "{\"message\": \"The folder has been changed by someone else\", \"status\":"
          + " \"version-mismatch\"}");
    }
    folder.put("title", body.path("title").asText()).put("version", folder.get("version").asInt() + 1);
    return answer(200, folder.toString());
  }

  private MockResponse saveDashboard(JsonNode body) {
    ObjectNode dashboard = ((ObjectNode) body.path("dashboard")).deepCopy();
    String uid = dashboard.path("uid").asText();
    ObjectNode old = dashboards.get(uid);
    if (old != null && !body.path("overwrite").asBoolean()) {
      return answer(412, "{\"message\": \"The dashboard has been changed by someone else\", \"status\":"
          + " \"version-mismatch\"}");
    }
    int version = old == null ? 1 : old.path("dashboard").path("version").asInt() + 1;
    dashboard.put("id", old == null ? nextId++ : old.path("dashboard").path("id").asInt()).put("version", version);
    ObjectNode stored = JSON.createObjectNode();
    stored.set("dashboard", dashboard);
    stored.putObject("meta").put("folderUid", body.path("folderUid").asText()).put("url", "/d/" + uid);
    dashboards.put(uid, stored);
    return answer(200, "{\"id\": " + dashboard.get("id") + ", \"uid\": \"" + uid + "\", \"url\": \"/d/" + uid
        + "\", \"status\": \"success\", \"version\": " + version + "}");
  }

  private static MockResponse found(ObjectNode object, String notFound) {
    return object == null ? answer(404, "{\"message\": \"" + notFound + "\"}") : answer(200, object.toString());
  }

  static MockResponse answer(int code, String json) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(json);
  }

  private static JsonNode read(String body) {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("expected a JSON request body, found: " + body, e);
    }
  }
}
