package dev.gorca.model.gbm;

/**
 * The weighted multi_logloss after one boosting iteration, as LightGBM evaluates it.
 *
 * @param iteration 1 for the first iteration this training run added
 * @param trainLoss on the training rows (class weights applied)
 * @param validLoss on the validation rows, NaN without a validation set
 */
public record IterationLoss(int iteration, double trainLoss, double validLoss) {
  public IterationLoss {
    if (iteration < 1) throw new IllegalArgumentException("iterations count from 1, got " + iteration);
  }
}
