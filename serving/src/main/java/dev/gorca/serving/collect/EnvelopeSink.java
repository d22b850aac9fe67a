package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.ServiceEnvelope;
import java.util.concurrent.CompletableFuture;

/** Where the collector's envelopes go: Kafka in production, a list in tests. */
public interface EnvelopeSink extends AutoCloseable {
  /**
   * Sends {@code envelope} to {@code topic}, keyed by its instance so one instance's envelopes stay in order.
   * Never throws: the future completes when the record is acknowledged, or exceptionally, with
   * {@link EnvelopeRefusedException} when the envelope breaks the contract's limits.
   */
  CompletableFuture<Void> send(String topic, ServiceEnvelope envelope);

  /** Sends what is queued and releases the connection. */
  @Override
  void close();
}
