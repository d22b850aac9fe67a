package dev.gorca.ingest.kafka;

import dev.gorca.ingest.contract.EnvelopeLimits;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The Kafka client properties our (de)serializers read, and how they become {@link EnvelopeLimits}. */
public final class EnvelopeKafkaConfig {
  /** Largest crash, metrics or label record in bytes; default 8 MiB. */
  public static final String MAX_RECORD_BYTES = "gorca.envelope.max.record.bytes";
  /** Largest dump record in bytes; default 64 MiB. */
  public static final String MAX_DUMP_BYTES = "gorca.envelope.max.dump.bytes";

  private EnvelopeKafkaConfig() {}

  static EnvelopeLimits limits(Map<String, ?> configs) {
    return new EnvelopeLimits(
        positiveInt(configs, MAX_RECORD_BYTES, EnvelopeLimits.DEFAULT.maxRecordBytes()),
        positiveInt(configs, MAX_DUMP_BYTES, EnvelopeLimits.DEFAULT.maxDumpBytes()));
  }

  private static int positiveInt(Map<String, ?> configs, String key, int fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
      if (parsed > 0 && parsed <= Integer.MAX_VALUE - 8) {
        return (int) parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, value, "expected a byte count between 1 and " + (Integer.MAX_VALUE - 8)
        + ", e.g. " + fallback);
  }
}
