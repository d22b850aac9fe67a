package dev.gorca.ingest.contract;

/**
 * Thrown by the contract records' compact constructors when a field breaks the contract. It carries the
 * field's wire name so the codec can turn it into a {@link Rejection} that names the field.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The field's name as written in JSON, e.g. {@code ts_ms}. */
  public String field() {
    return field;
  }

  /** The message without the field-name prefix. */
  public String problem() {
    return problem;
  }
}
