package dev.gorca.model.gbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Continuing a model with new labelled rows. The parent learns from go1.19 and go1.21 captures; the
 * new rows are go1.23 captures, the shift a Go upgrade brings.
 */
class IncrementalTrainingTest {
  private static final int NEW_ROUNDS = 30;

  private final TrainingData old = LabMatrix.exceptGoVersion("go1.23");
  private final TrainingData go123 = LabMatrix.goVersion("go1.23");
  private GbmModel parent;

  @BeforeEach
  void trainParent() {
    parent = new GbmTrainer(LabModels.params().toBuilder().maxRounds(60).build()).train(old, null, TrainingListener.NONE).model();
  }

  @AfterEach
  void closeParent() {
    parent.close();
  }

  @Test
  void continuingAppendsNewTreesAfterTheParentsUnchangedTrees() {
    TrainingResult result = trainer(NEW_ROUNDS).continueTraining(parent, go123, null, TrainingListener.NONE);
    try (GbmModel child = result.model()) {
      assertEquals(NEW_ROUNDS, result.iterationsRun());
      assertEquals(parent.numTrees() + NEW_ROUNDS * 15, child.numTrees());
      assertEquals(60 + NEW_ROUNDS, child.numIterations());
      List<String> parentTrees = trees(parent.modelString());
      List<String> childTrees = trees(child.modelString());
      assertEquals(parentTrees, childTrees.subList(0, parentTrees.size()), "the parent's trees come first, unchanged");
    }
  }

  @Test
  void theNewTreesLearnFromTheParentsMarginsSoTheChildFitsTheNewRows() {
    TrainingResult result = trainer(100).continueTraining(parent, go123, null, TrainingListener.NONE);
    try (GbmModel child = result.model()) {
      int parentCorrect = LabModels.correct(parent, go123);
      assertTrue(parentCorrect < go123.numRows(), "the parent misses some go1.23 captures: " + parentCorrect);
      assertEquals(go123.numRows(), LabModels.correct(child, go123), "the child fits every new labelled row");
      // A fresh model's first loss is about ln(15) = 2.7; the child starts from the parent's margins.
      assertTrue(result.history().get(0).trainLoss() < 1.0, "starts from the parent: " + result.history().get(0));
    }
  }

  @Test
  void withAReplayOfTheOldRowsTheChildFitsTheNewRowsAndForgetsNoneOfTheOld() {
    try (GbmModel child = trainer(100).continueTraining(parent, old.plus(go123), null, TrainingListener.NONE).model()) {
      assertEquals(go123.numRows(), LabModels.correct(child, go123));
      assertEquals(old.numRows(), LabModels.correct(child, old));
    }
  }

  @Test
  void aCorrectedLabelIsLearned() {
    // An analyst relabels as deadlock the go1.23 lock_contention incidents the parent calls lock_contention.
    int lockContention = LabMatrix.CLASSES.indexOf("lock_contention");
    int deadlock = LabMatrix.CLASSES.indexOf("deadlock");
    int[] labels = go123.labels();
    int[] relabelled = IntStream.range(0, labels.length)
        .filter(i -> labels[i] == lockContention && LabModels.argmax(parent.predictProbabilities(go123.row(i))) == lockContention)
        .toArray();
    assertTrue(relabelled.length >= 2, "go1.23 lock_contention captures the parent gets right: " + relabelled.length);
    for (int i : relabelled) labels[i] = deadlock;
    TrainingData corrected = new TrainingData(go123.featureNames(), go123.classNames(), go123.rows(), labels);

    try (GbmModel child = trainer(100).continueTraining(parent, old.plus(corrected), null, TrainingListener.NONE).model()) {
      for (int i : relabelled) assertEquals(deadlock, LabModels.argmax(child.predictProbabilities(go123.row(i))), "row " + i);
      assertEquals(old.numRows(), LabModels.correct(child, old), "the old lock_contention captures keep their label");
    }
  }

  @Test
  void earlyStoppingOnAValidationSetScoredFromTheParentKeepsOnlyTheUsefulNewIterations() {
    int[] even = IntStream.range(0, go123.numRows()).filter(i -> i % 2 == 0).toArray();
    int[] odd = IntStream.range(0, go123.numRows()).filter(i -> i % 2 == 1).toArray();
    GbmTrainer trainer = new GbmTrainer(LabModels.params().toBuilder().maxRounds(200).earlyStoppingRounds(15).build());
    TrainingResult result = trainer.continueTraining(parent, go123.subset(even), go123.subset(odd), TrainingListener.NONE);
    try (GbmModel child = result.model()) {
      assertEquals(result.bestIteration() + 15, result.iterationsRun());
      assertEquals(parent.numTrees() + result.bestIteration() * 15, child.numTrees());
    }
  }

  @Test
  void refitKeepsEveryTreeButMovesLeafValuesTowardTheNewRows() {
    GbmTrainer trainer = new GbmTrainer(LabModels.params().toBuilder().refitDecayRate(0.5).build());
    TrainingResult result = trainer.refit(parent, go123);
    try (GbmModel refitted = result.model()) {
      assertEquals(parent.numTrees(), refitted.numTrees());
      assertNotEquals(parent.modelString(), refitted.modelString());
      assertTrue(LabModels.correct(refitted, go123) > LabModels.correct(parent, go123));
      // Same structure: every row reaches the same leaves.
      int[][] before = parent.predictLeafBatch(go123.rows());
      int[][] after = refitted.predictLeafBatch(go123.rows());
      for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], "row " + i);
    }
  }

  @Test
  void theParentStaysUsableAndUnchanged() {
    String before = parent.modelString();
    double[] probabilities = parent.predictProbabilities(go123.row(0));
    trainer(10).continueTraining(parent, go123, null, TrainingListener.NONE).model().close();
    new GbmTrainer(LabModels.params()).refit(parent, go123).model().close();
    assertEquals(before, parent.modelString());
    assertArrayEquals(probabilities, parent.predictProbabilities(go123.row(0)), 0.0);
  }

  @Test
  void continuingFromAModelOfOtherFeaturesIsRefused() {
    TrainingData otherFeatures = new TrainingData(List.of("x"), LabMatrix.CLASSES, new double[][] {{1}}, new int[] {0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer(5).continueTraining(parent, otherFeatures, null, TrainingListener.NONE));
    assertEquals("the parent model's features differ from the new rows' (" + LabMatrix.SCHEMA.size()
        + " vs 1 features); continue only from a model of the same feature schema", e.getMessage());
  }

  private static GbmTrainer trainer(int rounds) {
    return new GbmTrainer(LabModels.params().toBuilder().maxRounds(rounds).build());
  }

  /** The model text's tree blocks ("Tree=0" up to the blank line), each without its index line. */
  private static List<String> trees(String modelText) {
    String body = modelText.substring(modelText.indexOf("Tree=0"), modelText.indexOf("end of trees"));
    return java.util.Arrays.stream(body.split("\n\n\n"))
        .map(String::strip)
        .filter(block -> block.startsWith("Tree="))
        .map(block -> block.substring(block.indexOf('\n') + 1))
        .toList();
  }
}
