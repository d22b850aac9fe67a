package dev.gorca.model.gbm;

/**
 * Models trained once per test JVM on {@link LabMatrix}, handed out as text so every test opens and
 * closes its own booster.
 */
public final class LabModels {
  /** 20 iterations × 15 classes = 300 trees: the size the latency goal is stated for. */
  public static final int ROUNDS = 20;

  private static String threeHundredTrees;

  private LabModels() {}

  public static GbmParams params() {
    return GbmParams.builder().categoricalFeatures(LabMatrix.SCHEMA).build();
  }

  /** All lab rows, no validation, {@link #ROUNDS} iterations. */
  public static synchronized String threeHundredTrees() {
    if (threeHundredTrees == null) {
      TrainingResult result = new GbmTrainer(params().toBuilder().maxRounds(ROUNDS).build())
          .train(LabMatrix.all(), null, TrainingListener.NONE);
      try (GbmModel model = result.model()) {
        threeHundredTrees = model.modelString();
      }
    }
    return threeHundredTrees;
  }

  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  /** Rows of {@code data} the model classifies correctly. */
  public static int correct(GbmModel model, TrainingData data) {
    double[][] probabilities = model.predictBatch(data.rows());
    int correct = 0;
    for (int i = 0; i < probabilities.length; i++) if (argmax(probabilities[i]) == data.label(i)) correct++;
    return correct;
  }
}
