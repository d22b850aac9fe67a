package dev.gorca.ingest.kafka;

import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import org.apache.kafka.common.serialization.Serializer;

/** Writes dead letters to {@value DeadLetter#TOPIC} as JSON. */
public final class DeadLetterSerializer implements Serializer<DeadLetter> {
  private final DeadLetterCodec codec = new DeadLetterCodec();

  @Override
  public byte[] serialize(String topic, DeadLetter letter) {
    return letter == null ? null : codec.encode(letter);
  }
}
