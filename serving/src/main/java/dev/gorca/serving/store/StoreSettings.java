package dev.gorca.serving.store;

import java.io.Serializable;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the incident store lives: a PostgreSQL JDBC URL and its credentials. Serializable, so a Flink
 * operator can carry it and open its own connections on the TaskManager.
 */
public record StoreSettings(String jdbcUrl, String user, String password) implements Serializable {
  public StoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), found \""
          + jdbcUrl + "\"");
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  public DataSource dataSource() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(jdbcUrl);
    if (!user.isEmpty()) source.setUser(user);
    if (!password.isEmpty()) source.setPassword(password);
    return source;
  }

  /** Opens the store, creating or upgrading its schema. */
  public PostgresIncidentStore open() {
    return PostgresIncidentStore.open(dataSource());
  }

  @Override
  public String toString() {
    return "StoreSettings[" + jdbcUrl + ", user " + user + (password.isEmpty() ? "" : ", password ***") + "]";
  }
}
