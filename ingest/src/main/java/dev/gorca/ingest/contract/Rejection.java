package dev.gorca.ingest.contract;

/**
 * Why a record was refused.
 *
 * @param field the wire name of the offending field (e.g. {@code ts_ms}, {@code values[go_goroutines]}),
 *     or {@code $} when the problem is the record as a whole
 * @param message what was expected, what was found and what to do; starts with the field name
 */
public record Rejection(RejectReason reason, String field, String message) {
  /** The field name used for problems of the whole record. */
  public static final String WHOLE_RECORD = "$";

  public Rejection {
    if (reason == null) {
      throw new IllegalArgumentException("reason == null");
    }
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("field is empty; use Rejection.WHOLE_RECORD for the whole record");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message is blank");
    }
  }

  /** A rejection whose message is {@code field: problem}. */
  public static Rejection of(RejectReason reason, String field, String problem) {
    return new Rejection(reason, field, field + ": " + problem);
  }

  @Override
  public String toString() {
    return reason + " " + message;
  }
}
