package dev.gorca.serving.job;

import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.StoreSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Writes scored incidents to the incident store as they come. At-least-once: after a restore the
 * job replays from its last checkpoint and the same incidents are written again, which the store's
 * upsert on the incident id turns into no change (docs/operations.md).
 */
public final class IncidentStoreSink implements Sink<ScoredIncident> {
  private static final long serialVersionUID = 1L;
  public static final String UID = "sink-incident-store";

  private final StoreSettings settings;

  public IncidentStoreSink(StoreSettings settings) {
    this.settings = settings;
  }

  @Override
  public SinkWriter<ScoredIncident> createWriter(WriterInitContext context) {
    return new Writer(settings.open(), context.metricGroup().counter("storedIncidents"));
  }

  private static final class Writer implements SinkWriter<ScoredIncident> {
    private final PostgresIncidentStore store;
    private final Counter stored;

    Writer(PostgresIncidentStore store, Counter stored) {
      this.store = store;
      this.stored = stored;
    }

    @Override
    public void write(ScoredIncident incident, Context context) {
      // A failure here fails the task: Flink restarts from the checkpoint and the incident is written then.
      store.upsertIncident(StoredIncidents.of(incident));
      stored.inc();
    }

    @Override
    public void flush(boolean endOfInput) {
      // Every write is its own committed statement: nothing is buffered.
    }

    @Override
    public void close() throws IOException {}
  }
}
