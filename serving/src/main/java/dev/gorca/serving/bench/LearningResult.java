package dev.gorca.serving.bench;

/**
 * One turn of the learning loop, timed from the first label sent.
 *
 * @param labelToPromotedSeconds until the promoted model's announcement is on the models topic; null if none came
 * @param labelToScoredSeconds until the first later incident scored by that model is visible; null if none came
 */
public record LearningResult(int labels, long checkpointIntervalMs, String parentModelId, String promotedModelId,
    Double labelToPromotedSeconds, Double labelToScoredSeconds) {
  public boolean promoted() {
    return promotedModelId != null;
  }
}
