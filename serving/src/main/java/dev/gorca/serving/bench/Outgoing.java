package dev.gorca.serving.bench;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One encoded envelope waiting to be produced.
 *
 * @param tsMs the envelope's event time, which orders the workload
 * @param partition a fixed partition (the event clock writes to each one), or null to partition by key
 */
record Outgoing(long tsMs, String topic, Integer partition, String key, byte[] value, Kind kind) {
  enum Kind { METRICS, DUMP, CRASH, CLOCK }

  ProducerRecord<byte[], byte[]> record() {
    return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
