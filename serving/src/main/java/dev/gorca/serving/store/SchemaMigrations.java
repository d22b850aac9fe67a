package dev.gorca.serving.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Brings the database to the newest schema by running, in order, each versioned script not yet recorded in
 * {@code schema_version}. Scripts only ever add; a new version is a new file here.
 */
final class SchemaMigrations {
  /** Resource names next to this class, in version order: {@code V<n>__<what>.sql}. */
  static final List<String> SCRIPTS = List.of("V1__incidents.sql", "V2__incident_document.sql",
      "V3__review_and_similar.sql");

  private SchemaMigrations() {}

  static int migrate(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, script text NOT NULL,"
            + " applied_at timestamptz NOT NULL DEFAULT now())");
        // One migrator at a time: two gorca processes starting together must not both run a script.
        s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
      }
      int applied = appliedVersion(c);
      for (int i = applied; i < SCRIPTS.size(); i++) {
        try (Statement s = c.createStatement()) {
          s.execute(read(SCRIPTS.get(i)));
        }
        try (PreparedStatement record =
            c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
          record.setInt(1, i + 1);
          record.setString(2, SCRIPTS.get(i));
          record.executeUpdate();
        }
      }
      c.commit();
      return SCRIPTS.size();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot bring the incident store schema to version " + SCRIPTS.size()
          + ": " + e.getMessage(), e);
    }
  }

  private static int appliedVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      int version = rs.getInt(1);
      if (version > SCRIPTS.size()) {
        throw new IllegalStateException("expected schema version at most " + SCRIPTS.size() + ", found " + version
            + ": the database was written by a newer gorca; run that version or use a fresh data directory");
      }
      return version;
    }
  }

  private static String read(String script) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("schema script " + script + " missing from the classpath next to "
            + SchemaMigrations.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema script " + script, e);
    }
  }
}
