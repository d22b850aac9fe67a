package dev.gorca.serving.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Grafana data source that reads gorca's incident store (PostgreSQL), as Grafana's data source API takes it.
 * The dashboards name it by {@link #UID}, so it keeps that uid whatever its name or address.
 *
 * @param hostPort {@code host:port}, Grafana's "Host URL" for PostgreSQL
 * @param password null to keep the password Grafana already holds (or none)
 */
public record PostgresDatasource(String name, String hostPort, String database, String user, String password,
    String sslMode) {
  public static final String UID = "gorca-incidents";
  public static final String TYPE = "grafana-postgresql-datasource";
  public static final String DEFAULT_NAME = "gorca incidents";
  public static final List<String> SSL_MODES = List.of("disable", "require", "verify-ca", "verify-full");
  private static final ObjectMapper JSON = new ObjectMapper();

  public PostgresDatasource {
    requireText("name", name);
    requireText("hostPort", hostPort);
    requireText("database", database);
    requireText("user", user);
    if (!SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException("expected an sslmode out of " + SSL_MODES + ", found \"" + sslMode + "\"");
    }
  }

  /**
   * Reads {@code host:port/db} or a JDBC URL ({@code jdbc:postgresql://host:port/db?user=u&password=p&sslmode=m}).
   * Options given apart ({@code user}, {@code password}, {@code sslMode}: null when not given) win over the URL's.
   */
  public static PostgresDatasource parse(String url, String name, String user, String password, String sslMode) {
    Objects.requireNonNull(url, "url == null");
    String rest = url.strip();
    boolean jdbc = rest.startsWith("jdbc:postgresql:");
    if (jdbc) {
      rest = rest.substring("jdbc:postgresql:".length());
      if (!rest.startsWith("//")) {
        throw new IllegalArgumentException("expected a JDBC URL with a host, jdbc:postgresql://host:port/db, found \""
            + url + "\"");
      }
    } else if (rest.contains("://")) {
      throw new IllegalArgumentException("expected host:port/db or jdbc:postgresql://host:port/db, found \"" + url
          + "\"");
    }
    URI uri;
    try {
      uri = new URI(jdbc ? "postgresql:" + rest : "postgresql://" + rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("expected host:port/db or jdbc:postgresql://host:port/db, found \"" + url
          + "\": " + e.getReason(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("expected one host in \"" + url + "\" (as host:port/db); several hosts or"
          + " none are not supported");
    }
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("expected a database after the host in \"" + url + "\", e.g. "
          + uri.getHost() + ":5432/postgres");
    }
    Map<String, String> query = query(uri.getRawQuery());
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new PostgresDatasource(name, uri.getHost() + ":" + port, database,
        firstNonNull(user, query.get("user"), "postgres"), firstNonNull(password, query.get("password"), null),
        firstNonNull(sslMode, query.get("sslmode"), "disable"));
  }

  /** The body of {@code POST /api/datasources} and {@code PUT /api/datasources/uid/{uid}}. */
  public ObjectNode toJson() {
    ObjectNode json = withoutSecrets();
    if (password != null) {
      json.putObject("secureJsonData").put("password", password);
    }
    return json;
  }

  /** What Grafana shows back when asked for the data source: everything but the password. */
  public ObjectNode withoutSecrets() {
    ObjectNode json = JSON.createObjectNode();
    json.put("uid", UID).put("name", name).put("type", TYPE).put("access", "proxy").put("url", hostPort)
        .put("user", user).put("database", database).put("basicAuth", false).put("isDefault", false);
    json.putObject("jsonData").put("database", database).put("sslmode", sslMode).put("postgresVersion", 1500)
        .put("timescaledb", false);
    return json;
  }

  @Override
  public String toString() {
    return "PostgresDatasource[" + name + ", " + user + "@" + hostPort + "/" + database + ", sslmode=" + sslMode
        + (password == null ? "" : ", password set") + "]";
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String firstNonNull(String given, String fromUrl, String fallback) {
    return given != null ? given : fromUrl != null ? fromUrl : fallback;
  }

  private static void requireText(String what, String value) {
    Objects.requireNonNull(value, what + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("expected a non-blank " + what + " for the Grafana data source");
    }
  }
}
