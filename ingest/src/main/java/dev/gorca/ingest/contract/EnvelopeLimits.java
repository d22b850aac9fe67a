package dev.gorca.ingest.contract;

/**
 * Largest record the codec accepts, per schema. Dumps of services with many goroutines are large (tens of MB
 * for 100k goroutines); everything else is small, so a lower limit catches producers sending junk.
 * Kafka's own default message size is 1 MB: topics carrying bigger records need {@code max.message.bytes}
 * raised on the broker and {@code max.request.size} on the producer.
 */
public record EnvelopeLimits(int maxRecordBytes, int maxDumpBytes) {
  public static final int MIB = 1024 * 1024;
  /** 8 MiB for crash, metrics and label records; 64 MiB for dumps. */
  public static final EnvelopeLimits DEFAULT = new EnvelopeLimits(8 * MIB, 64 * MIB);

  public EnvelopeLimits {
    if (maxRecordBytes <= 0 || maxDumpBytes <= 0) {
      throw new IllegalArgumentException("expected positive limits, found maxRecordBytes=" + maxRecordBytes
          + " maxDumpBytes=" + maxDumpBytes);
    }
  }

  public int maxBytes(EnvelopeSchema schema) {
    return schema == EnvelopeSchema.DUMP ? maxDumpBytes : maxRecordBytes;
  }

  /** The limit that applies before the schema is known. */
  public int largest() {
    return Math.max(maxRecordBytes, maxDumpBytes);
  }

  /** "8 MiB" or "1234 bytes", for messages. */
  public static String describe(long bytes) {
    return bytes % MIB == 0 ? (bytes / MIB) + " MiB" : bytes + " bytes";
  }
}
