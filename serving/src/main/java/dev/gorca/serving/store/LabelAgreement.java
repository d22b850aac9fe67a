package dev.gorca.serving.store;

/**
 * How often operators confirmed the model on one UTC day: a label confirms when its root cause is the top cause
 * the model gave the incident.
 *
 * @param dayStartMs the day's first millisecond, UTC
 */
public record LabelAgreement(long dayStartMs, int labels, int confirmed) {
  public LabelAgreement {
    if (labels < 0 || confirmed < 0 || confirmed > labels) {
      throw new IllegalArgumentException("expected 0 <= confirmed <= labels, found " + confirmed + " of " + labels);
    }
  }

  /** The share of labels that confirmed the model's top cause, NaN on a day without labels. */
  public double share() {
    return labels == 0 ? Double.NaN : (double) confirmed / labels;
  }
}
