package dev.gorca.model.training;

import dev.gorca.model.eval.Calibrator;
import dev.gorca.model.eval.NoveltyDetector;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.TrainingData;
import dev.gorca.model.gbm.TrainingResult;

/**
 * A freshly trained model with what it needs to score: the calibration fitted on held-back
 * programs and the novelty detector fitted on its training rows. Owns the native booster.
 *
 * @param trainingDataHash SHA-256 of the training rows (Corpus#sha256)
 */
public record TrainedModel(GbmModel model, Calibrator calibrator, NoveltyDetector novelty, TrainingResult result,
    TrainingData trainingData, String trainingDataHash) implements AutoCloseable {

  /** Calibrated class probabilities. */
  public double[] probabilities(double[] features) {
    return calibrator.calibrate(model.predictProbabilities(features));
  }

  @Override
  public void close() {
    model.close();
  }
}
