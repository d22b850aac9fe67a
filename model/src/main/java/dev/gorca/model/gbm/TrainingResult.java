package dev.gorca.model.gbm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a training run produced: the model (cut to its best iteration), how it got there and how
 * long it took. The caller owns the model and closes it.
 *
 * @param model the trained booster, reloaded from its text so it holds no training data
 * @param iterationsRun iterations this run added before it stopped
 * @param bestIteration iterations of this run kept in the model (the best validation loss, else all)
 * @param bestValidLoss validation loss at {@code bestIteration}, NaN without a validation set
 * @param history the loss after every iteration of this run
 * @param elapsed wall time from the first dataset to the reloaded model
 */
public record TrainingResult(
    GbmModel model, int iterationsRun, int bestIteration, double bestValidLoss, List<IterationLoss> history, Duration elapsed) {
  public TrainingResult {
    Objects.requireNonNull(model, "model == null");
    history = List.copyOf(history);
    Objects.requireNonNull(elapsed, "elapsed == null");
  }
}
