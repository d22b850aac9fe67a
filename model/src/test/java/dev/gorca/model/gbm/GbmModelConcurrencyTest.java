package dev.gorca.model.gbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one booster. A heap corruption here kills the test JVM (SIGSEGV/SIGABRT), which
 * Surefire reports as a crashed fork: the tests pass only if every call returns.
 */
class GbmModelConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS_PER_THREAD = 20;

  private final TrainingData lab = LabMatrix.all();
  private GbmModel model;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    model = GbmModel.fromString(LabModels.threeHundredTrees());
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    model.close();
  }

  @Test
  void eightThreadsPredictingAtOnceGetExactlyTheSingleThreadedProbabilities() throws Exception {
    double[][] expected = new double[lab.numRows()][];
    for (int i = 0; i < expected.length; i++) expected[i] = model.predictProbabilities(lab.row(i));
    AtomicInteger compared = new AtomicInteger();
    runTogether(thread -> {
      for (int round = 0; round < ROUNDS_PER_THREAD; round++) {
        for (int j = 0; j < lab.numRows(); j++) {
          int i = (j + thread * 23) % lab.numRows(); // threads walk the rows from different offsets
          assertArrayEquals(expected[i], model.predictProbabilities(lab.row(i)), 0.0, "row " + i);
          compared.incrementAndGet();
        }
      }
    });
    assertEquals(THREADS * ROUNDS_PER_THREAD * lab.numRows(), compared.get());
  }

  @Test
  void contributionsFromEightThreadsDoNotCrashAndEqualTheSingleThreadedOnes() throws Exception {
    double[][][] expected = new double[lab.numRows()][][];
    for (int i = 0; i < expected.length; i++) expected[i] = model.contributions(lab.row(i));
    runTogether(thread -> {
      for (int j = 0; j < lab.numRows(); j++) {
        int i = (j + thread * 23) % lab.numRows();
        double[][] contributions = model.contributions(lab.row(i));
        for (int k = 0; k < contributions.length; k++) assertArrayEquals(expected[i][k], contributions[k], 0.0, "row " + i);
      }
    });
  }

  @Test
  void oneClassContributionsFromEightThreadsOnTheSameAndOnDifferentClassesEqualTheSingleThreadedOnes() throws Exception {
    double[][][] expected = new double[lab.numRows()][][];
    for (int i = 0; i < expected.length; i++) expected[i] = model.contributions(lab.row(i));
    runTogether(thread -> {
      for (int j = 0; j < lab.numRows(); j++) {
        int i = (j + thread * 23) % lab.numRows();
        int k = thread % 2 == 0 ? 0 : (i + thread) % 15; // half the threads share class 0, half spread out
        assertArrayEquals(expected[i][k], model.contributions(lab.row(i), k), 1e-12, "row " + i + " class " + k);
      }
    });
  }

  @Test
  void predictionsBatchesAndContributionsMixedAcrossThreadsAllAgree() throws Exception {
    double[][] expected = model.predictBatch(lab.rows());
    runTogether(thread -> {
      for (int round = 0; round < 5; round++) {
        switch (thread % 3) {
          case 0 -> {
            for (int i = 0; i < lab.numRows(); i++) {
              assertArrayEquals(expected[i], model.predictProbabilitiesNative(lab.row(i)), 0.0);
              assertArrayEquals(expected[i], model.predictProbabilities(lab.row(i)), 1e-15); // Java's exp: to an ulp
            }
          }
          case 1 -> {
            double[][] batch = model.predictBatch(lab.rows());
            for (int i = 0; i < lab.numRows(); i++) assertArrayEquals(expected[i], batch[i], 0.0);
          }
          default -> {
            for (int i = 0; i < lab.numRows(); i += 7) assertEquals(15, model.contributions(lab.row(i)).length);
          }
        }
      }
    });
  }

  @Test
  void closingWhileOtherThreadsPredictWaitsForThemAndLaterCallsFailCleanly() throws Exception {
    GbmModel closing = GbmModel.fromString(LabModels.threeHundredTrees());
    CountDownLatch started = new CountDownLatch(THREADS);
    AtomicInteger refusedAfterClose = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      running.add(pool.submit(() -> {
        started.countDown();
        for (int i = 0; ; i = (i + 1) % lab.numRows()) {
          try {
            assertEquals(15, closing.predictProbabilities(lab.row(i)).length);
          } catch (IllegalStateException closed) {
            assertEquals("model is closed", closed.getMessage());
            refusedAfterClose.incrementAndGet();
            return null;
          }
        }
      }));
    }
    started.await();
    Thread.sleep(50);
    closing.close();
    for (Future<?> future : running) future.get(30, TimeUnit.SECONDS);
    assertEquals(THREADS, refusedAfterClose.get());
  }

  private interface PerThread {
    void run(int thread) throws Exception;
  }

  /** Starts every thread at the same moment and rethrows the first failure. */
  private void runTogether(PerThread body) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Callable<Void> task = () -> {
        start.await();
        body.run(thread);
        return null;
      };
      futures.add(pool.submit(task));
    }
    start.countDown();
    for (Future<Void> future : futures) future.get(120, TimeUnit.SECONDS);
  }
}
