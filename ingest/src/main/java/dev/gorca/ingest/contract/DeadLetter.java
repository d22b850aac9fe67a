package dev.gorca.ingest.contract;

/**
 * A record that was refused, with where it came from and why, for the {@value #TOPIC} topic. The original
 * bytes let someone fix the producer and replay the record. An OVERSIZE record is kept only in part (it was
 * too big to process, so it is too big to replay) — {@link #originalSize} says how big it was.
 *
 * @param original the refused bytes, possibly the first {@link #OVERSIZE_KEPT_BYTES} of them; not copied
 * @param originalSize the refused record's full size in bytes
 * @param tsMs when the record was refused, epoch milliseconds
 */
public record DeadLetter(String sourceTopic, int partition, long offset, RejectReason reason, String field,
                         String message, long tsMs, byte[] original, int originalSize) {
  public static final String TOPIC = "gorca.dlq";
  public static final String SCHEMA = "gorca.dlq/v1";
  /** How much of an OVERSIZE record is kept: enough to see what it was. */
  public static final int OVERSIZE_KEPT_BYTES = 64 * 1024;

  public DeadLetter {
    Fields.requireName("source_topic", sourceTopic, "gorca.crashes");
    if (partition < 0) {
      throw new InvalidFieldException("partition", "expected a partition >= 0, found " + partition);
    }
    if (offset < 0) {
      throw new InvalidFieldException("offset", "expected an offset >= 0, found " + offset);
    }
    if (reason == null) {
      throw new InvalidFieldException("reason", "expected a reject reason, found nothing");
    }
    if (field == null || field.isEmpty()) {
      throw new InvalidFieldException("field", "expected the offending field or \"$\", found nothing");
    }
    Fields.requireNonBlankText("message", message, "the rejection message");
    Fields.requireTimestamp("ts_ms", tsMs);
    if (original == null || originalSize < original.length) {
      throw new InvalidFieldException("original_size", "expected the original bytes and a size of at least "
          + "their length, found " + (original == null ? "no bytes" : original.length + " bytes and size " + originalSize));
    }
  }

  /** The dead letter for a record refused at {@code topic}/{@code partition}/{@code offset}. */
  public static DeadLetter of(Decoded.Rejected rejected, String topic, int partition, long offset, long nowMs) {
    Rejection rejection = rejected.rejection();
    byte[] original = rejected.original();
    byte[] kept = original;
    if (rejection.reason() == RejectReason.OVERSIZE && original.length > OVERSIZE_KEPT_BYTES) {
      kept = java.util.Arrays.copyOf(original, OVERSIZE_KEPT_BYTES);
    }
    return new DeadLetter(topic, partition, offset, rejection.reason(), rejection.field(), rejection.message(),
        nowMs, kept, original.length);
  }

  /** True when only the start of the refused record is kept. */
  public boolean truncated() {
    return original.length < originalSize;
  }

  @Override
  public String toString() {
    return "DeadLetter[" + sourceTopic + "/" + partition + "@" + offset + " " + reason + " " + message + ", "
        + original.length + " of " + originalSize + " bytes]";
  }
}
