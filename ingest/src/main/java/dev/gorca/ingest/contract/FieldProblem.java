package dev.gorca.ingest.contract;

/** Carries a rejection out of the field readers to the codec's one catch; no stack trace, it is not a bug. */
final class FieldProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Rejection rejection;

  FieldProblem(RejectReason reason, String field, String problem) {
    super(field + ": " + problem, null, false, false);
    this.rejection = Rejection.of(reason, field, problem);
  }

  Rejection rejection() {
    return rejection;
  }
}
