package dev.gorca.model.gbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterAddValidData;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterCreate;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterFree;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetCurrentIteration;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetEval;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterGetEvalCounts;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterMerge;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterRefit;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterSaveModelToStringSWIG;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterUpdateOneIter;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_GetLastError;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_intp;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.intp_value;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_intp;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.voidpp_value;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT;
import static dev.gorca.model.gbm.LightGbmNative.check;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import dev.gorca.model.gbm.LightGbmNative.Doubles;
import dev.gorca.model.gbm.LightGbmNative.Int64;
import dev.gorca.model.gbm.LightGbmNative.Ints;

/**
 * A booster while it trains, on the low-level API (lightgbm4j's high-level one can neither merge
 * nor refit). It references its datasets: close it before them. Never used for serving: the
 * trainer saves it to text and serves a fresh {@link GbmModel} loaded from that text.
 */
final class NativeBooster implements AutoCloseable {
  private static final long MODEL_STRING_BUFFER = 1 << 20;
  /** Index of the training data in LGBM_BoosterGetEval; validation sets follow from 1. */
  static final int TRAINING_DATA = 0;
  static final int FIRST_VALIDATION_DATA = 1;

  private final SWIGTYPE_p_p_void handleOut;
  private final SWIGTYPE_p_void handle;
  private boolean closed;

  NativeBooster(NativeDataset training, String parameters) {
    SWIGTYPE_p_p_void out = new_voidpp();
    try {
      check(LGBM_BoosterCreate(training.handle, parameters, out), "LGBM_BoosterCreate");
    } catch (RuntimeException e) {
      delete_voidpp(out);
      throw e;
    }
    this.handleOut = out;
    this.handle = voidpp_value(out);
  }

  void addValidation(NativeDataset validation) {
    check(LGBM_BoosterAddValidData(handle, validation.handle), "LGBM_BoosterAddValidData");
  }

  /** One boosting iteration; true when no tree could split any more (LightGBM kept nothing new). */
  boolean updateOneIteration() {
    SWIGTYPE_p_int finished = new_intp();
    try {
      check(LGBM_BoosterUpdateOneIter(handle, finished), "LGBM_BoosterUpdateOneIter");
      return intp_value(finished) == 1;
    } finally {
      delete_intp(finished);
    }
  }

  int currentIteration() {
    SWIGTYPE_p_int out = new_intp();
    try {
      check(LGBM_BoosterGetCurrentIteration(handle, out), "LGBM_BoosterGetCurrentIteration");
      return intp_value(out);
    } finally {
      delete_intp(out);
    }
  }

  /** The first metric (multi_logloss) on data set {@code dataIndex} at the current iteration. */
  double firstMetric(int dataIndex) {
    SWIGTYPE_p_int counts = new_intp();
    SWIGTYPE_p_int written = new_intp();
    try {
      check(LGBM_BoosterGetEvalCounts(handle, counts), "LGBM_BoosterGetEvalCounts");
      int metrics = intp_value(counts);
      if (metrics < 1) throw new GbmException("the booster evaluates no metric; its parameters need metric=multi_logloss");
      try (Doubles results = new Doubles(metrics)) {
        check(LGBM_BoosterGetEval(handle, dataIndex, written, results.pointer), "LGBM_BoosterGetEval");
        return results.get(0);
      }
    } finally {
      delete_intp(counts);
      delete_intp(written);
    }
  }

  /** Puts the trees of {@code earlier} before this booster's own (LightGBM's MergeFrom). */
  void mergeAfter(GbmModel earlier) {
    earlier.withHandle(other -> {
      check(LGBM_BoosterMerge(handle, other), "LGBM_BoosterMerge");
      return null;
    });
  }

  /** Refits every tree's leaf values on this booster's training rows, given the leaf each row reaches. */
  void refit(int[][] leafPerRowAndTree) {
    int rows = leafPerRowAndTree.length;
    int trees = rows == 0 ? 0 : leafPerRowAndTree[0].length;
    int[] flat = new int[rows * trees];
    for (int r = 0; r < rows; r++) System.arraycopy(leafPerRowAndTree[r], 0, flat, r * trees, trees);
    try (Ints leaves = new Ints(flat)) {
      check(LGBM_BoosterRefit(handle, leaves.pointer, rows, trees), "LGBM_BoosterRefit");
    }
  }

  /** The first {@code iterations} iterations as LightGBM model text. */
  String modelString(int iterations) {
    try (Int64 length = new Int64()) {
      String text = LGBM_BoosterSaveModelToStringSWIG(handle, 0, iterations, C_API_FEATURE_IMPORTANCE_SPLIT,
          MODEL_STRING_BUFFER, length.pointer);
      if (text == null) throw new GbmException("LGBM_BoosterSaveModelToString failed: " + LGBM_GetLastError());
      return text;
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    check(LGBM_BoosterFree(handle), "LGBM_BoosterFree");
    delete_voidpp(handleOut);
  }
}
