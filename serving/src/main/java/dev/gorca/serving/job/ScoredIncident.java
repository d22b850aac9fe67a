package dev.gorca.serving.job;

import dev.gorca.features.flink.Incident;

/**
 * An incident and its diagnosis. {@code ScoreResult} holds lists of records that Flink would only
 * serialize through Kryo, so the diagnosis travels as its JSON form ({@code ScoreResultJson}), which
 * is what the incidents topic carries anyway, plus the fields the job and its tests branch on.
 * A Flink POJO.
 */
public final class ScoredIncident {
  public Incident incident;
  /** The model version that scored it. */
  public String modelId;
  public String featureSchema;
  /** The likeliest root cause, and its calibrated probability. */
  public String topCause;
  public double topProbability;
  public boolean novel;
  /** How long scoring (prediction, explanation, suspect) took, in microseconds. */
  public long scoringMicros;
  /** {@code ScoreResultJson.of(result)} as text. */
  public String scoreJson;

  public ScoredIncident() {}

  @Override
  public String toString() {
    return incident + " -> " + topCause + " " + Math.round(topProbability * 100) + "% by " + modelId;
  }
}
