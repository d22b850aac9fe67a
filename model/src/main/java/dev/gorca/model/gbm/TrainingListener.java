package dev.gorca.model.gbm;

/** Told after every boosting iteration, so a command line can show progress. */
@FunctionalInterface
public interface TrainingListener {
  TrainingListener NONE = loss -> {};

  void onIteration(IterationLoss loss);
}
