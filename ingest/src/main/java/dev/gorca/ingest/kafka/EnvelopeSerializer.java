package dev.gorca.ingest.kafka;

import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes envelopes as JSON. Refuses, at the producer, an envelope bigger than the consumers' limit: better a
 * failed send the producer sees than a record every consumer dead-letters.
 */
public final class EnvelopeSerializer implements Serializer<Envelope> {
  private EnvelopeCodec codec = new EnvelopeCodec();

  public EnvelopeSerializer() {}

  public EnvelopeSerializer(EnvelopeLimits limits) {
    this.codec = new EnvelopeCodec(limits);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    codec = new EnvelopeCodec(EnvelopeKafkaConfig.limits(configs));
  }

  @Override
  public byte[] serialize(String topic, Envelope envelope) {
    if (envelope == null) {
      return null;
    }
    byte[] bytes = codec.encode(envelope);
    int limit = codec.limits().maxBytes(envelope.schema());
    if (bytes.length > limit) {
      throw new SerializationException("expected at most " + EnvelopeLimits.describe(limit) + " for a "
          + envelope.schema().id() + " envelope on " + topic + ", found " + bytes.length + " bytes; send less "
          + "(the tail of stderr, one scrape) or raise " + EnvelopeKafkaConfig.MAX_RECORD_BYTES + "/"
          + EnvelopeKafkaConfig.MAX_DUMP_BYTES + " on producer and consumers");
    }
    return bytes;
  }
}
