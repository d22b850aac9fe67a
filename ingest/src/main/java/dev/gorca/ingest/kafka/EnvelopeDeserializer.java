package dev.gorca.ingest.kafka;

import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads envelopes without ever throwing: a bad record becomes a {@link Decoded.Rejected} carrying its bytes,
 * so the job routes it to the dead-letter topic ({@link dev.gorca.ingest.contract.DeadLetter#of}) instead of
 * failing or looping on it. A null value (tombstone) is rejected too.
 */
public final class EnvelopeDeserializer implements Deserializer<Decoded> {
  private EnvelopeCodec codec = new EnvelopeCodec();

  public EnvelopeDeserializer() {}

  public EnvelopeDeserializer(EnvelopeLimits limits) {
    this.codec = new EnvelopeCodec(limits);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    codec = new EnvelopeCodec(EnvelopeKafkaConfig.limits(configs));
  }

  @Override
  public Decoded deserialize(String topic, byte[] data) {
    return codec.decode(data);
  }
}
