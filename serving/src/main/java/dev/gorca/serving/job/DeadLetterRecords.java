package dev.gorca.serving.job;

import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Dead letters as gorca.dlq/v1 JSON records ({@link DeadLetterCodec}), timestamped when refused. */
public final class DeadLetterRecords implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private transient DeadLetterCodec codec;

  public DeadLetterRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = new DeadLetterCodec();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    if (codec == null) codec = new DeadLetterCodec();
    return new ProducerRecord<>(topic, null, letter.tsMs(), null, codec.encode(letter));
  }
}
