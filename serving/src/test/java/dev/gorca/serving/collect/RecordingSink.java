package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.ServiceEnvelope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that acknowledges everything at once and keeps it, in order. */
final class RecordingSink implements EnvelopeSink {
  record Sent(String topic, ServiceEnvelope envelope) {}

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  boolean closed;

  @Override
  public CompletableFuture<Void> send(String topic, ServiceEnvelope envelope) {
    sent.add(new Sent(topic, envelope));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed = true;
  }
}
