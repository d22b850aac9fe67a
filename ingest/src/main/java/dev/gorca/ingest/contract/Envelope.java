package dev.gorca.ingest.contract;

/**
 * One Kafka record's value on gorca's input topics: a JSON object whose {@code schema} field says which of
 * the permitted records it is. {@link EnvelopeCodec} reads and writes them; docs/events.md is the contract.
 */
public sealed interface Envelope permits ServiceEnvelope, LabelEnvelope {
  EnvelopeSchema schema();

  /** Event time in milliseconds since the epoch: when the crash, scrape, dump or label happened. */
  long tsMs();
}
