package dev.gorca.model.gbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterCalcNumPredict;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterFeatureImportance;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterFree;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetFeatureNamesSWIG;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetNumClasses;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetNumFeature;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterLoadModelFromString;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterNumberOfTotalModel;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterPredictForMat;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastInit;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterSaveModelToStringSWIG;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_FastConfigFree;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_GetLastError;
import static com.microsoft.ml.lightgbm.lightgbmlib.StringArrayHandle_free;
import static com.microsoft.ml.lightgbm.lightgbmlib.StringArrayHandle_get_strings;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_intp;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.double_to_voidp_ptr;
import static com.microsoft.ml.lightgbm.lightgbmlib.intp_value;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_intp;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.voidpp_value;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_DTYPE_FLOAT64;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_GAIN;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_PREDICT_CONTRIB;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_PREDICT_LEAF_INDEX;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_PREDICT_NORMAL;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_PREDICT_RAW_SCORE;
import static dev.gorca.model.gbm.LightGbmNative.check;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import dev.gorca.model.gbm.LightGbmNative.Doubles;
import dev.gorca.model.gbm.LightGbmNative.Int64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A trained LightGBM booster behind the low-level C API, sized by {@code LGBM_BoosterCalcNumPredict}
 * because lightgbm4j's own multiclass predict sizes its buffer for two values and crashes the JVM
 * (docs/model.md). Predictions are safe from many threads; SHAP contributions are serialized.
 */
public final class GbmModel implements AutoCloseable {
  /** Model text buffer to start with; LightGBM's SWIG wrapper grows it when the model is larger. */
  private static final long MODEL_STRING_BUFFER = 1 << 20;
  private static final int ALL_ITERATIONS = -1;
  private static final String NO_PARAMETERS = "";
  /**
   * Batch prediction runs one OpenMP thread: with busy cores, more threads spin in barriers and
   * were slower (docs/model.md); callers that want parallel batches split them across threads.
   */
  private static final String BATCH_PARAMETERS = "num_threads=1";

  private final SWIGTYPE_p_p_void handleOut;
  private final SWIGTYPE_p_void handle;
  private final int numClasses;
  private final int numFeatures;
  private final int numTrees;
  private final List<String> featureNames;

  /** Fast single-row configs are not thread-safe: each is used by one thread at a time. */
  private final ConcurrentLinkedQueue<FastPredictor> probabilityPredictors = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<FastPredictor> rawPredictors = new ConcurrentLinkedQueue<>();
  /** Contributions from several threads on one booster corrupt the heap: one at a time. */
  private final Object contributionLock = new Object();
  private FastPredictor contributionPredictor;
  /** One single-class booster per class for {@link #contributions(double[], int)}, built on first use. */
  private volatile List<ClassContributions> classContributions;
  private volatile JavaTrees javaTrees;
  /** Read: any native call. Write: close, which frees what the readers use. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private GbmModel(SWIGTYPE_p_p_void handleOut) {
    this.handleOut = handleOut;
    this.handle = voidpp_value(handleOut);
    this.numClasses = count(Count.CLASSES);
    this.numFeatures = count(Count.FEATURES);
    this.numTrees = count(Count.TREES);
    this.featureNames = readFeatureNames();
  }

  /** Loads a model from LightGBM's text format (what {@link #modelString()} returns). */
  public static GbmModel fromString(String modelText) {
    Objects.requireNonNull(modelText, "modelText == null");
    if (modelText.isBlank()) throw new IllegalArgumentException("modelText is empty: expected LightGBM model text starting with \"tree\"");
    LightGbmNative.load();
    SWIGTYPE_p_p_void out = new_voidpp();
    SWIGTYPE_p_int iterations = new_intp();
    try {
      check(LGBM_BoosterLoadModelFromString(modelText, iterations, out), "LGBM_BoosterLoadModelFromString");
    } catch (RuntimeException e) {
      delete_voidpp(out);
      throw e;
    } finally {
      delete_intp(iterations);
    }
    try {
      return new GbmModel(out);
    } catch (RuntimeException e) {
      LGBM_BoosterFree(voidpp_value(out));
      delete_voidpp(out);
      throw e;
    }
  }

  /** The LightGBM release inside the lightgbm4j artifact (4.3.0 for lightgbm4j 4.3.0-1). */
  public static String lightGbmVersion() {
    return LightGbmNative.lightGbmVersion();
  }

  public int numClasses() {
    return numClasses;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** Trees in the model: iterations × classes for a multiclass model. */
  public int numTrees() {
    return numTrees;
  }

  public int numIterations() {
    return numTrees / Math.max(numClasses, 1);
  }

  /** The feature names stored in the model text, in column order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /**
   * Softmax probabilities, one per class, for one row of {@link #numFeatures()} values (NaN =
   * missing). Evaluated in Java from the model's trees ({@link JavaTrees}: LightGBM's raw margins bit
   * for bit, then the same softmax), which saves the JNI call and the native config per call.
   */
  public double[] predictProbabilities(double[] row) {
    requireRow(row);
    requireOpen();
    return javaTrees().predictProbabilities(row);
  }

  /** Raw margins, one per class, before the softmax (Java, bit for bit LightGBM's). */
  public double[] predictRaw(double[] row) {
    requireRow(row);
    requireOpen();
    return javaTrees().predictRaw(row);
  }

  /** LightGBM's own single-row prediction through the C API: probabilities. */
  public double[] predictProbabilitiesNative(double[] row) {
    return predictOne(row, probabilityPredictors, C_API_PREDICT_NORMAL);
  }

  /** LightGBM's own single-row prediction through the C API: raw margins. */
  public double[] predictRawNative(double[] row) {
    return predictOne(row, rawPredictors, C_API_PREDICT_RAW_SCORE);
  }

  /** The trees in Java, read from the model text on first use (immutable afterwards). */
  private JavaTrees javaTrees() {
    JavaTrees trees = javaTrees;
    if (trees != null) return trees;
    synchronized (this) {
      if (javaTrees == null) {
        JavaTrees parsed = JavaTrees.parse(modelString());
        if (parsed.numTrees() != numTrees) {
          throw new GbmException("the model text has " + parsed.numTrees() + " trees, the booster " + numTrees);
        }
        javaTrees = parsed;
      }
      return javaTrees;
    }
  }

  /** Probabilities for many rows in one native call (LightGBM parallelizes it). */
  public double[][] predictBatch(double[][] rows) {
    return predictMany(rows, C_API_PREDICT_NORMAL, numClasses);
  }

  /** Raw margins for many rows: [row][class]. */
  public double[][] predictRawBatch(double[][] rows) {
    return predictMany(rows, C_API_PREDICT_RAW_SCORE, numClasses);
  }

  /** For refit: the leaf each tree sends each row to, [row][tree]. */
  int[][] predictLeafBatch(double[][] rows) {
    double[][] leaves = predictMany(rows, C_API_PREDICT_LEAF_INDEX, numTrees);
    int[][] indices = new int[leaves.length][numTrees];
    for (int r = 0; r < leaves.length; r++) {
      for (int t = 0; t < numTrees; t++) indices[r][t] = (int) leaves[r][t];
    }
    return indices;
  }

  /**
   * SHAP values (LightGBM's predict-contrib): [class][feature], with the bias (expected raw score)
   * at index {@link #numFeatures()}. Per class, the row sums to the raw margin. Serialized.
   */
  public double[][] contributions(double[] row) {
    requireRow(row);
    lifecycle.readLock().lock();
    try {
      requireOpen();
      synchronized (contributionLock) {
        if (contributionPredictor == null) contributionPredictor = new FastPredictor(C_API_PREDICT_CONTRIB);
        double[] flat = contributionPredictor.predict(row);
        int width = numFeatures + 1;
        double[][] byClass = new double[numClasses][width];
        for (int k = 0; k < numClasses; k++) System.arraycopy(flat, k * width, byClass[k], 0, width);
        return byClass;
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * SHAP values of one class: [feature], the bias at index {@link #numFeatures()}; equal to
   * {@code contributions(row)[classIndex]} for a K-th of the work, because a booster holding only
   * that class's trees computes them ({@link ClassTrees}). Calls for one class are serialized,
   * different classes run in parallel. The first call loads the per-class boosters.
   */
  public double[] contributions(double[] row, int classIndex) {
    requireRow(row);
    if (classIndex < 0 || classIndex >= numClasses) {
      throw new IllegalArgumentException("classIndex must be in [0, " + numClasses + "), got " + classIndex);
    }
    if (numClasses == 1) return contributions(row)[0];
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return classContributions().get(classIndex).contributions(row);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private List<ClassContributions> classContributions() {
    List<ClassContributions> perClass = classContributions;
    if (perClass != null) return perClass;
    synchronized (contributionLock) {
      if (classContributions == null) {
        List<ClassContributions> built = new java.util.ArrayList<>(numClasses);
        try {
          for (String text : ClassTrees.split(modelString(), numClasses)) built.add(new ClassContributions(fromString(text)));
        } catch (RuntimeException e) {
          built.forEach(ClassContributions::close);
          throw e;
        }
        classContributions = List.copyOf(built);
      }
      return classContributions;
    }
  }

  /** A single-class booster and its contribution config; contributions on one booster are serialized (STACK.md). */
  private static final class ClassContributions {
    private final GbmModel model;

    ClassContributions(GbmModel model) {
      this.model = model;
    }

    double[] contributions(double[] row) {
      return model.contributions(row)[0];
    }

    void close() {
      model.close();
    }
  }

  /** Total gain of the splits on each feature, in column order. */
  public double[] featureImportanceGain() {
    return featureImportance(C_API_FEATURE_IMPORTANCE_GAIN);
  }

  /** How many splits use each feature, in column order. */
  public double[] featureImportanceSplits() {
    return featureImportance(C_API_FEATURE_IMPORTANCE_SPLIT);
  }

  /** The model in LightGBM's text format, loadable here and by Python's lightgbm. */
  public String modelString() {
    return withHandle(h -> {
      try (Int64 length = new Int64()) {
        String text = LGBM_BoosterSaveModelToStringSWIG(h, 0, ALL_ITERATIONS, C_API_FEATURE_IMPORTANCE_SPLIT,
            MODEL_STRING_BUFFER, length.pointer);
        if (text == null) throw new GbmException("LGBM_BoosterSaveModelToString failed: " + LGBM_GetLastError());
        return text;
      }
    });
  }

  /** Runs {@code action} on the native booster, which stays open meanwhile (the trainer merges from it). */
  <T> T withHandle(Function<SWIGTYPE_p_void, T> action) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return action.apply(handle);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Frees the booster and every prediction config; later calls fail, a second close does nothing. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      freeAll(probabilityPredictors);
      freeAll(rawPredictors);
      if (contributionPredictor != null) contributionPredictor.free();
      if (classContributions != null) classContributions.forEach(ClassContributions::close);
      check(LGBM_BoosterFree(handle), "LGBM_BoosterFree");
      delete_voidpp(handleOut);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "GbmModel[" + numClasses + " classes, " + numFeatures + " features, " + numTrees + " trees]";
  }

  // ---- internals

  private enum Count { CLASSES, FEATURES, TREES }

  private int count(Count what) {
    SWIGTYPE_p_int out = new_intp();
    try {
      switch (what) {
        case CLASSES -> check(LGBM_BoosterGetNumClasses(handle, out), "LGBM_BoosterGetNumClasses");
        case FEATURES -> check(LGBM_BoosterGetNumFeature(handle, out), "LGBM_BoosterGetNumFeature");
        case TREES -> check(LGBM_BoosterNumberOfTotalModel(handle, out), "LGBM_BoosterNumberOfTotalModel");
      }
      return intp_value(out);
    } finally {
      delete_intp(out);
    }
  }

  private List<String> readFeatureNames() {
    SWIGTYPE_p_void names = LGBM_BoosterGetFeatureNamesSWIG(handle);
    if (names == null) throw new GbmException("LGBM_BoosterGetFeatureNames failed: " + LGBM_GetLastError());
    try {
      return List.of(StringArrayHandle_get_strings(names));
    } finally {
      StringArrayHandle_free(names);
    }
  }

  private double[] predictOne(double[] row, ConcurrentLinkedQueue<FastPredictor> pool, int predictType) {
    requireRow(row);
    lifecycle.readLock().lock();
    try {
      requireOpen();
      FastPredictor predictor = pool.poll();
      if (predictor == null) predictor = new FastPredictor(predictType);
      try {
        return predictor.predict(row);
      } finally {
        pool.offer(predictor);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private double[][] predictMany(double[][] rows, int predictType, int valuesPerRow) {
    Objects.requireNonNull(rows, "rows == null");
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null || rows[r].length != numFeatures) {
        throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
            + " values, the model expects " + numFeatures + " features");
      }
    }
    if (rows.length == 0) return new double[0][];
    return withHandle(h -> {
      long expected = numPredict(rows.length, predictType);
      if (expected != (long) rows.length * valuesPerRow) {
        throw new GbmException("LightGBM reports " + expected + " outputs for " + rows.length + " rows, expected "
            + valuesPerRow + " per row");
      }
      try (Doubles data = Doubles.rowMajor(rows, numFeatures);
           Doubles out = new Doubles(expected);
           Int64 written = new Int64()) {
        check(LGBM_BoosterPredictForMat(h, double_to_voidp_ptr(data.pointer), C_API_DTYPE_FLOAT64, rows.length,
            numFeatures, 1, predictType, 0, ALL_ITERATIONS, BATCH_PARAMETERS, written.pointer, out.pointer),
            "LGBM_BoosterPredictForMat");
        double[][] result = new double[rows.length][valuesPerRow];
        for (int r = 0; r < rows.length; r++) out.copyTo(result[r], r * valuesPerRow, valuesPerRow);
        return result;
      }
    });
  }

  private long numPredict(int rows, int predictType) {
    try (Int64 out = new Int64()) {
      check(LGBM_BoosterCalcNumPredict(handle, rows, predictType, 0, ALL_ITERATIONS, out.pointer),
          "LGBM_BoosterCalcNumPredict");
      return out.value();
    }
  }

  private double[] featureImportance(int type) {
    return withHandle(h -> {
      try (Doubles out = new Doubles(numFeatures)) {
        check(LGBM_BoosterFeatureImportance(h, 0, type, out.pointer), "LGBM_BoosterFeatureImportance");
        double[] importance = new double[numFeatures];
        out.copyTo(importance, 0, numFeatures);
        return importance;
      }
    });
  }

  private void requireRow(double[] row) {
    Objects.requireNonNull(row, "row == null");
    if (row.length != numFeatures) {
      throw new IllegalArgumentException("row has " + row.length + " values, the model expects " + numFeatures
          + " features; compute the vector with the model's feature schema");
    }
  }

  private void requireOpen() {
    if (closed) throw new IllegalStateException("model is closed");
  }

  private static void freeAll(ConcurrentLinkedQueue<FastPredictor> pool) {
    for (FastPredictor predictor; (predictor = pool.poll()) != null; ) predictor.free();
  }

  /** A single-row prediction config with its own output buffer, sized by LGBM_BoosterCalcNumPredict. */
  private final class FastPredictor {
    private final SWIGTYPE_p_p_void configOut = new_voidpp();
    private final SWIGTYPE_p_void config;
    private final Int64 written = new Int64();
    private final Doubles out;

    FastPredictor(int predictType) {
      long outputs = numPredict(1, predictType);
      try {
        check(LGBM_BoosterPredictForMatSingleRowFastInit(handle, predictType, 0, ALL_ITERATIONS, C_API_DTYPE_FLOAT64,
            numFeatures, NO_PARAMETERS, configOut), "LGBM_BoosterPredictForMatSingleRowFastInit");
      } catch (RuntimeException e) {
        delete_voidpp(configOut);
        written.close();
        throw e;
      }
      this.config = voidpp_value(configOut);
      this.out = new Doubles(outputs);
    }

    double[] predict(double[] row) {
      check(LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG(row, config, written.pointer, out.pointer),
          "LGBM_BoosterPredictForMatSingleRowFast");
      if (written.value() != out.length) {
        throw new GbmException("LightGBM wrote " + written.value() + " values, expected " + out.length);
      }
      double[] values = new double[out.length];
      out.copyTo(values, 0, out.length);
      return values;
    }

    void free() {
      LGBM_FastConfigFree(config);
      delete_voidpp(configOut);
      written.close();
      out.close();
    }
  }
}
