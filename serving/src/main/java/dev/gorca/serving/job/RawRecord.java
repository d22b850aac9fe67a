package dev.gorca.serving.job;

import java.util.Arrays;

/**
 * One record as it came off a topic: the value's bytes and where it was read, so a refused record
 * can be dead-lettered with its origin. A Flink POJO.
 */
public final class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  /** The record's value; null for a tombstone (which the decoder refuses). */
  public byte[] value;

  public RawRecord() {}

  public static RawRecord of(String topic, int partition, long offset, byte[] value) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic is blank");
    }
    RawRecord record = new RawRecord();
    record.topic = topic;
    record.partition = partition;
    record.offset = offset;
    record.value = value;
    return record;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord r && topic.equals(r.topic) && partition == r.partition && offset == r.offset
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return (topic.hashCode() * 31 + partition) * 31 + Long.hashCode(offset);
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset + " (" + (value == null ? "null" : value.length + " bytes") + ")";
  }
}
