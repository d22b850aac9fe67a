package dev.gorca.serving.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresITCase {
  @TempDir Path dataDir;

  @Test
  void a_restart_on_the_same_data_directory_keeps_the_rows_and_skips_initdb() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir)) {
      System.out.printf("EmbeddedPostgres first start: %d ms%n", postgres.startupTime().toMillis());
      assertTrue(postgres.initializedOnStart());
      try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id int PRIMARY KEY)");
        s.execute("INSERT INTO kept VALUES (7)");
      }
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir)) {
      System.out.printf("EmbeddedPostgres restart: %d ms%n", postgres.startupTime().toMillis());
      assertFalse(postgres.initializedOnStart());
      try (Connection c = DriverManager.getConnection(postgres.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT id FROM kept")) {
        assertTrue(rows.next());
        assertEquals(7, rows.getInt(1));
      }
    }
  }
}
