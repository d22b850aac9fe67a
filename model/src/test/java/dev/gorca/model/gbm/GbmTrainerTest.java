package dev.gorca.model.gbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training on the lab matrix: go1.19 and go1.21 captures train, go1.23 validates (a new Go release). */
class GbmTrainerTest {
  private final TrainingData training = LabMatrix.exceptGoVersion("go1.23");
  private final TrainingData validation = LabMatrix.goVersion("go1.23");

  @Test
  void theSameDataParametersAndSeedGiveTheSameModelTextBitForBit() {
    GbmTrainer trainer = new GbmTrainer(LabModels.params().toBuilder().maxRounds(40).build());
    TrainingResult first = trainer.train(training, validation, TrainingListener.NONE);
    TrainingResult second = trainer.train(training, validation, TrainingListener.NONE);
    try (GbmModel a = first.model(); GbmModel b = second.model()) {
      assertEquals(a.modelString(), b.modelString());
      assertEquals(first.history(), second.history());
    }
  }

  @Test
  void earlyStoppingKeepsTheIterationWithTheLowestValidationLoss() {
    GbmParams params = LabModels.params().toBuilder().earlyStoppingRounds(10).learningRate(0.3).build();
    TrainingResult result = new GbmTrainer(params).train(training, validation, TrainingListener.NONE);
    try (GbmModel model = result.model()) {
      List<IterationLoss> history = result.history();
      assertEquals(result.iterationsRun(), history.size());
      assertEquals(result.bestIteration() + 10, result.iterationsRun(), "stops 10 iterations after the best");
      IterationLoss best = history.get(result.bestIteration() - 1);
      assertEquals(best.validLoss(), result.bestValidLoss(), 0.0);
      for (IterationLoss loss : history) assertTrue(loss.validLoss() >= best.validLoss(), loss + " beats the kept " + best);
      assertEquals(result.bestIteration(), model.numIterations());
      assertEquals(result.bestIteration() * 15, model.numTrees());
    }
  }

  @Test
  void theReportedValidationLossIsTheClassBalancedLogLossOfTheKeptModel() {
    TrainingResult result = new GbmTrainer(LabModels.params().toBuilder().maxRounds(60).build())
        .train(training, validation, TrainingListener.NONE);
    try (GbmModel model = result.model()) {
      double[][] probabilities = model.predictBatch(validation.rows());
      double[] classWeights = validation.balancedClassWeights();
      double weightedLoss = 0;
      double totalWeight = 0;
      for (int i = 0; i < validation.numRows(); i++) {
        // LightGBM stores weights as float32; so must the check.
        double weight = (float) classWeights[validation.label(i)];
        weightedLoss += -Math.log(Math.max(probabilities[i][validation.label(i)], 1e-15)) * weight;
        totalWeight += weight;
      }
      assertEquals(weightedLoss / totalWeight, result.bestValidLoss(), 1e-9);
    }
  }

  @Test
  void theListenerHearsEveryIterationInOrderWithBothLosses() {
    List<IterationLoss> heard = new ArrayList<>();
    TrainingResult result = new GbmTrainer(LabModels.params().toBuilder().maxRounds(25).build())
        .train(training, validation, heard::add);
    result.model().close();
    assertEquals(result.history(), heard);
    for (int i = 0; i < heard.size(); i++) {
      assertEquals(i + 1, heard.get(i).iteration());
      assertTrue(Double.isFinite(heard.get(i).trainLoss()) && Double.isFinite(heard.get(i).validLoss()));
    }
    assertTrue(heard.get(24).trainLoss() < heard.get(0).trainLoss());
  }

  @Test
  void withoutValidationEveryRoundRunsAndTheValidationLossIsNaN() {
    TrainingResult result = new GbmTrainer(LabModels.params().toBuilder().maxRounds(12).build())
        .train(training, null, TrainingListener.NONE);
    try (GbmModel model = result.model()) {
      assertEquals(12, result.iterationsRun());
      assertEquals(12, result.bestIteration());
      assertTrue(Double.isNaN(result.bestValidLoss()));
      assertTrue(result.history().stream().allMatch(l -> Double.isNaN(l.validLoss())));
      assertEquals(180, model.numTrees());
    }
  }

  @Test
  void theModelGeneralizesToTheCapturesOfAGoReleaseItNeverSaw() {
    TrainingResult result = new GbmTrainer(LabModels.params()).train(training, validation, TrainingListener.NONE);
    try (GbmModel model = result.model()) {
      assertEquals(training.numRows(), LabModels.correct(model, training));
      int correct = LabModels.correct(model, validation);
      assertTrue(correct >= 48, "go1.23 accuracy " + correct + "/" + validation.numRows());
    }
  }

  @Test
  void theModelTextRecordsTheCategoricalFeaturesOfTheSchemaAndTheParameters() {
    TrainingResult result = new GbmTrainer(LabModels.params().toBuilder().maxRounds(3).build())
        .train(training, null, TrainingListener.NONE);
    try (GbmModel model = result.model()) {
      String text = model.modelString();
      List<Integer> categorical = GbmParams.categoricalIndices(LabMatrix.SCHEMA);
      for (String name : List.of("dump_source", "dump_largest_bucket_category", "crash_kind", "crash_signal")) {
        assertTrue(categorical.contains(LabMatrix.SCHEMA.indexOf(name)), name + " is categorical");
      }
      for (int index : categorical) assertTrue(LabMatrix.SCHEMA.definitions().get(index).categorical());
      String joined = categorical.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
      assertTrue(text.contains("[categorical_feature: " + joined + "]"), "categorical features in the model text");
      assertTrue(text.contains("[deterministic: 1]"));
      assertTrue(text.contains("[seed: 42]"));
      assertTrue(text.contains("num_class=15"));
    }
  }

  @Test
  void balancedClassWeightsAreRowsOverClassesTimesClassRows() {
    TrainingData data = new TrainingData(List.of("x"), List.of("a", "b", "c"),
        new double[][] {{1}, {2}, {3}, {4}, {5}, {6}}, new int[] {0, 0, 0, 0, 1, 1});
    // n = 6, K = 3: a has 4 rows -> 6/12, b has 2 -> 6/6, c has none -> 0
    assertArrayEquals(new double[] {0.5, 1.0, 0.0}, data.balancedClassWeights(), 0.0);
  }

  @Test
  void validationRowsOfOtherFeaturesOrClassesAreRefused() {
    GbmTrainer trainer = new GbmTrainer(LabModels.params());
    TrainingData otherFeatures = new TrainingData(List.of("x"), LabMatrix.CLASSES, new double[][] {{1}}, new int[] {0});
    IllegalArgumentException features = assertThrows(IllegalArgumentException.class,
        () -> trainer.train(training, otherFeatures, TrainingListener.NONE));
    assertEquals("validation rows have other features than the training rows: 1 vs " + LabMatrix.SCHEMA.size()
        + "; compute both with the same feature schema", features.getMessage());
    TrainingData otherClasses = new TrainingData(training.featureNames(), List.of("a", "b"),
        new double[][] {training.row(0)}, new int[] {1});
    IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
        () -> trainer.train(training, otherClasses, TrainingListener.NONE));
    assertEquals("validation classes [a, b] differ from training classes " + LabMatrix.CLASSES, classes.getMessage());
  }

  @Test
  void trainingDataRefusesALabelOutsideTheClasses() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingData(List.of("x"), List.of("a", "b"), new double[][] {{1}}, new int[] {2}));
    assertEquals("row 0 has label 2, expected a class index in 0..1", e.getMessage());
  }

  @Test
  void theParameterStringNamesEverySettingLightGbmUses() {
    GbmParams params = GbmParams.builder().categoricalFeatures(List.of(3, 5)).seed(7).numThreads(1).build();
    assertEquals("objective=multiclass num_class=15 metric=multi_logloss num_leaves=15 learning_rate=0.05"
        + " min_data_in_leaf=3 min_data_per_group=3 feature_fraction=0.9 bagging_fraction=0.9 bagging_freq=1"
        + " lambda_l1=0 lambda_l2=1 seed=7 deterministic=true force_row_wise=true num_threads=1"
        + " feature_pre_filter=false refit_decay_rate=0.9 verbosity=-1 categorical_feature=3,5", params.toLightGbm(15));
  }
}
