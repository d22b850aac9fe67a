package dev.gorca.serving.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The incident-store address as an operator writes it, and the data source body Grafana gets from it. */
class PostgresDatasourceTest {
  private static final String NAME = PostgresDatasource.DEFAULT_NAME;

  @Test
  void host_port_and_database_with_defaults_for_the_rest() {
    assertEquals(new PostgresDatasource(NAME, "db.internal:5432", "gorca", "postgres", null, "disable"),
        PostgresDatasource.parse("db.internal/gorca", NAME, null, null, null));
  }

  @Test
  void a_jdbc_url_gives_user_password_and_sslmode_and_options_given_apart_win() {
    String url = "jdbc:postgresql://pg.example.com:6543/incidents?user=reader&password=p%40ss&sslmode=verify-full";
    assertEquals(new PostgresDatasource(NAME, "pg.example.com:6543", "incidents", "reader", "p@ss", "verify-full"),
        PostgresDatasource.parse(url, NAME, null, null, null));
    assertEquals(new PostgresDatasource(NAME, "pg.example.com:6543", "incidents", "grafana", "other", "require"),
        PostgresDatasource.parse(url, NAME, "grafana", "other", "require"));
  }

  @Test
  void the_password_goes_only_into_secure_json_data_and_never_into_to_string() {
    PostgresDatasource datasource = PostgresDatasource.parse("db:5432/gorca", NAME, "reader", "s3cret", null);
    assertEquals("s3cret", datasource.toJson().path("secureJsonData").path("password").asText());
    assertFalse(datasource.withoutSecrets().toString().contains("s3cret"));
    assertEquals("PostgresDatasource[gorca incidents, reader@db:5432/gorca, sslmode=disable, password set]",
        datasource.toString());
  }

  @Test
  void addresses_it_cannot_use_are_refused_with_the_expected_form() {
    assertEquals("expected host:port/db or jdbc:postgresql://host:port/db, found \"postgres://db/gorca\"",
        assertThrows(IllegalArgumentException.class,
            () -> PostgresDatasource.parse("postgres://db/gorca", NAME, null, null, null)).getMessage());
    assertEquals("expected a JDBC URL with a host, jdbc:postgresql://host:port/db, found \"jdbc:postgresql:gorca\"",
        assertThrows(IllegalArgumentException.class,
            () -> PostgresDatasource.parse("jdbc:postgresql:gorca", NAME, null, null, null)).getMessage());
    assertEquals("expected an sslmode out of [disable, require, verify-ca, verify-full], found \"prefer\"",
        assertThrows(IllegalArgumentException.class,
            () -> PostgresDatasource.parse("db/gorca", NAME, null, null, "prefer")).getMessage());
  }
}
