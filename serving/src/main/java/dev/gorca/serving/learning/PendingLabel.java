package dev.gorca.serving.learning;

/** A label joined with its incident's feature vector, waiting for the next learning step. A Flink POJO. */
public final class PendingLabel {
  public String incidentId;
  public String rootCause;
  public double[] features;

  public PendingLabel() {}

  static PendingLabel of(String incidentId, String rootCause, double[] features) {
    PendingLabel label = new PendingLabel();
    label.incidentId = incidentId;
    label.rootCause = rootCause;
    label.features = features;
    return label;
  }
}
