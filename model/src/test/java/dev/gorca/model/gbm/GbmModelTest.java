package dev.gorca.model.gbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wrapper on a 300-tree model trained on every lab capture. */
class GbmModelTest {
  private final TrainingData lab = LabMatrix.all();
  private GbmModel model;

  @BeforeEach
  void open() {
    model = GbmModel.fromString(LabModels.threeHundredTrees());
  }

  @AfterEach
  void close() {
    model.close();
  }

  @Test
  void countsDescribeTheModelAndItsFeatureListIsTheSchemas() {
    assertEquals(15, model.numClasses());
    assertEquals(LabMatrix.SCHEMA.size(), model.numFeatures());
    assertEquals(300, model.numTrees());
    assertEquals(20, model.numIterations());
    assertEquals(LabMatrix.SCHEMA.names(), model.featureNames());
    assertEquals("GbmModel[15 classes, " + LabMatrix.SCHEMA.size() + " features, 300 trees]", model.toString());
  }

  @Test
  void batchPredictionsEqualSingleRowPredictionsOnEveryLabRow() {
    double[][] batch = model.predictBatch(lab.rows());
    double[][] rawBatch = model.predictRawBatch(lab.rows());
    for (int i = 0; i < lab.numRows(); i++) {
      assertArrayEquals(batch[i], model.predictProbabilitiesNative(lab.row(i)), 0.0, "native probabilities of row " + i);
      assertArrayEquals(rawBatch[i], model.predictRawNative(lab.row(i)), 0.0, "native raw margins of row " + i);
      // Java's Math.exp and glibc's exp may differ in the last bit: the softmax agrees to an ulp
      assertArrayEquals(batch[i], model.predictProbabilities(lab.row(i)), 1e-15, "probabilities of row " + i);
      assertArrayEquals(rawBatch[i], model.predictRaw(lab.row(i)), 0.0, "raw margins of row " + i);
    }
  }

  @Test
  void javaTreesGiveLightGbmsRawMarginsBitForBitAndItsProbabilitiesOnEveryLabRow() {
    for (int i = 0; i < lab.numRows(); i++) {
      assertArrayEquals(model.predictRawNative(lab.row(i)), model.predictRaw(lab.row(i)), 0.0, "raw margins of row " + i);
      assertArrayEquals(model.predictProbabilitiesNative(lab.row(i)), model.predictProbabilities(lab.row(i)), 1e-15, "probabilities of row " + i);
    }
  }

  @Test
  void javaTreesAgreeWithLightGbmOnRowsWithMissingZeroAndTinyValues() {
    double[][] rows = {new double[LabMatrix.SCHEMA.size()], new double[LabMatrix.SCHEMA.size()], lab.row(0).clone()};
    Arrays.fill(rows[0], Double.NaN);
    Arrays.fill(rows[1], 1e-40);
    for (int f = 0; f < rows[2].length; f += 3) rows[2][f] = f % 2 == 0 ? Double.NaN : -0.0;
    for (double[] row : rows) {
      assertArrayEquals(model.predictRawNative(row), model.predictRaw(row), 0.0);
      assertArrayEquals(model.predictProbabilitiesNative(row), model.predictProbabilities(row), 1e-15);
    }
  }

  @Test
  void probabilitiesOfEveryLabRowSumToOneAndAreTheSoftmaxOfTheRawMargins() {
    for (int i = 0; i < lab.numRows(); i++) {
      double[] probabilities = model.predictProbabilities(lab.row(i));
      double[] raw = model.predictRaw(lab.row(i));
      assertEquals(15, probabilities.length);
      assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-12, "row " + i);
      double max = Arrays.stream(raw).max().orElseThrow();
      double norm = Arrays.stream(raw).map(r -> Math.exp(r - max)).sum();
      for (int k = 0; k < 15; k++) assertEquals(Math.exp(raw[k] - max) / norm, probabilities[k], 1e-12, "row " + i + " class " + k);
    }
  }

  @Test
  void shapContributionsOfEveryClassSumToTheRawMarginOnEveryLabRow() {
    for (int i = 0; i < lab.numRows(); i++) {
      double[][] contributions = model.contributions(lab.row(i));
      double[] raw = model.predictRaw(lab.row(i));
      assertEquals(15, contributions.length);
      for (int k = 0; k < 15; k++) {
        assertEquals(LabMatrix.SCHEMA.size() + 1, contributions[k].length);
        assertEquals(raw[k], Arrays.stream(contributions[k]).sum(), 1e-9, "row " + i + " class " + k);
      }
    }
  }

  @Test
  void contributionsOfOneClassEqualThatClassesRowOfAllContributionsOnEveryLabRow() {
    for (int i = 0; i < lab.numRows(); i++) {
      double[][] all = model.contributions(lab.row(i));
      for (int k = 0; k < 15; k++) {
        assertArrayEquals(all[k], model.contributions(lab.row(i), k), 1e-12, "row " + i + " class " + k);
      }
    }
  }

  @Test
  void aClassIndexOutsideTheModelIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> model.contributions(lab.row(0), 15));
    assertEquals("classIndex must be in [0, 15), got 15", refused.getMessage());
  }

  @Test
  void aFeatureNoTreeSplitsOnContributesNothing() {
    double[] splits = model.featureImportanceSplits();
    double[][] contributions = model.contributions(lab.row(0));
    int unused = 0;
    for (int f = 0; f < splits.length; f++) {
      if (splits[f] != 0) continue;
      unused++;
      for (int k = 0; k < 15; k++) assertEquals(0.0, contributions[k][f], "feature " + f + " class " + k);
    }
    assertTrue(unused > 0, "the lab matrix has features no tree uses (e.g. windows without samples)");
  }

  @Test
  void gainImportanceIsZeroExactlyWhereNoSplitUsesTheFeature() {
    double[] gain = model.featureImportanceGain();
    double[] splits = model.featureImportanceSplits();
    assertEquals(LabMatrix.SCHEMA.size(), gain.length);
    for (int f = 0; f < gain.length; f++) {
      assertEquals(splits[f] == 0, gain[f] == 0, "feature " + LabMatrix.SCHEMA.names().get(f));
      assertTrue(gain[f] >= 0);
    }
    assertTrue(Arrays.stream(gain).sum() > 0);
  }

  @Test
  void aModelSavedAsTextAndLoadedAgainPredictsIdenticallyAndSavesTheSameText() {
    String text = model.modelString();
    try (GbmModel reloaded = GbmModel.fromString(text)) {
      assertEquals(text, reloaded.modelString());
      for (int i = 0; i < lab.numRows(); i++) {
        assertArrayEquals(model.predictProbabilities(lab.row(i)), reloaded.predictProbabilities(lab.row(i)), 0.0, "row " + i);
        double[][] a = model.contributions(lab.row(i));
        double[][] b = reloaded.contributions(lab.row(i));
        for (int k = 0; k < 15; k++) assertArrayEquals(a[k], b[k], 0.0, "row " + i + " class " + k);
      }
    }
  }

  @Test
  void aRowWithEveryFeatureMissingStillGetsProbabilities() {
    double[] missing = new double[LabMatrix.SCHEMA.size()];
    Arrays.fill(missing, Double.NaN);
    double[] probabilities = model.predictProbabilities(missing);
    assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-12);
    assertTrue(Arrays.stream(probabilities).allMatch(p -> p > 0 && p < 1));
  }

  @Test
  void aRowOfTheWrongLengthIsRefusedWithBothCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(new double[3]));
    assertEquals("row has 3 values, the model expects " + LabMatrix.SCHEMA.size()
        + " features; compute the vector with the model's feature schema", e.getMessage());
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> model.predictBatch(new double[][] {lab.row(0), new double[2]}));
    assertEquals("row 1 has 2 values, the model expects " + LabMatrix.SCHEMA.size() + " features", batch.getMessage());
  }

  @Test
  void anEmptyBatchGivesNoRows() {
    assertEquals(0, model.predictBatch(new double[0][]).length);
  }

  @Test
  void textThatIsNotAModelIsRefusedWithLightGbmsMessage() {
    GbmException e = assertThrows(GbmException.class, () -> GbmModel.fromString("this is not a model\n"));
    assertTrue(e.getMessage().startsWith("LGBM_BoosterLoadModelFromString failed (code -1): "), e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> GbmModel.fromString(" "));
    assertEquals("modelText is empty: expected LightGBM model text starting with \"tree\"", empty.getMessage());
  }

  @Test
  void aClosedModelRefusesEveryCallAndASecondCloseDoesNothing() {
    GbmModel other = GbmModel.fromString(LabModels.threeHundredTrees());
    other.predictProbabilities(lab.row(0));
    other.contributions(lab.row(0));
    other.close();
    assertDoesNotThrow(other::close);
    for (Runnable call : new Runnable[] {
        () -> other.predictProbabilities(lab.row(0)),
        () -> other.predictBatch(new double[][] {lab.row(0)}),
        () -> other.contributions(lab.row(0)),
        other::modelString,
        other::featureImportanceGain}) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
      assertEquals("model is closed", e.getMessage());
    }
  }

  @Test
  void theLightGbmVersionIsTheOneBundledInLightgbm4j() {
    assertEquals("4.3.0", GbmModel.lightGbmVersion());
  }
}
