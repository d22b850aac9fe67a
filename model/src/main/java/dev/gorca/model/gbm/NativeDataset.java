package dev.gorca.model.gbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_DatasetCreateFromMat;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_DatasetFree;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_DatasetSetFeatureNames;
import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_DatasetSetField;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.double_to_voidp_ptr;
import static com.microsoft.ml.lightgbm.lightgbmlib.float_to_voidp_ptr;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_voidpp;
import static com.microsoft.ml.lightgbm.lightgbmlib.voidpp_value;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_DTYPE_FLOAT32;
import static com.microsoft.ml.lightgbm.lightgbmlibConstants.C_API_DTYPE_FLOAT64;
import static dev.gorca.model.gbm.LightGbmNative.check;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import dev.gorca.model.gbm.LightGbmNative.Doubles;
import dev.gorca.model.gbm.LightGbmNative.Floats;

/**
 * A LightGBM dataset built from a {@link TrainingData}: binned features, labels, per-row weights and
 * optionally an initial score. LightGBM copies everything in, so only the handle is kept.
 */
final class NativeDataset implements AutoCloseable {
  private final SWIGTYPE_p_p_void handleOut;
  final SWIGTYPE_p_void handle;
  final int numRows;
  private boolean closed;

  private NativeDataset(SWIGTYPE_p_p_void handleOut, int numRows) {
    this.handleOut = handleOut;
    this.handle = voidpp_value(handleOut);
    this.numRows = numRows;
  }

  /**
   * @param rowWeights one weight per row, or null for equal weights
   * @param initScore raw scores to boost from, class-major ({@code [k * rows + i]}, LightGBM's
   *     multiclass layout), or null to boost from the class averages
   * @param reference the training dataset a validation set must share bins with, or null
   */
  static NativeDataset of(TrainingData data, double[] rowWeights, double[] initScore, String parameters, NativeDataset reference) {
    LightGbmNative.load();
    SWIGTYPE_p_p_void out = new_voidpp();
    try (Doubles matrix = Doubles.rowMajor(data.rows(), data.numFeatures())) {
      check(LGBM_DatasetCreateFromMat(double_to_voidp_ptr(matrix.pointer), C_API_DTYPE_FLOAT64, data.numRows(),
          data.numFeatures(), 1, parameters, reference == null ? null : reference.handle, out), "LGBM_DatasetCreateFromMat");
    } catch (RuntimeException e) {
      delete_voidpp(out);
      throw e;
    }
    NativeDataset dataset = new NativeDataset(out, data.numRows());
    try {
      dataset.setFeatureNames(data.featureNames().toArray(String[]::new));
      float[] labels = new float[data.numRows()];
      for (int i = 0; i < labels.length; i++) labels[i] = data.label(i);
      dataset.setFloats("label", labels);
      if (rowWeights != null) {
        float[] weights = new float[rowWeights.length];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) rowWeights[i];
        dataset.setFloats("weight", weights);
      }
      if (initScore != null) dataset.setDoubles("init_score", initScore);
      return dataset;
    } catch (RuntimeException e) {
      dataset.close();
      throw e;
    }
  }

  private void setFeatureNames(String[] names) {
    check(LGBM_DatasetSetFeatureNames(handle, names, names.length), "LGBM_DatasetSetFeatureNames");
  }

  private void setFloats(String field, float[] values) {
    try (Floats buffer = new Floats(values)) {
      check(LGBM_DatasetSetField(handle, field, float_to_voidp_ptr(buffer.pointer), values.length, C_API_DTYPE_FLOAT32),
          "LGBM_DatasetSetField(" + field + ")");
    }
  }

  private void setDoubles(String field, double[] values) {
    try (Doubles buffer = Doubles.copyOf(values)) {
      check(LGBM_DatasetSetField(handle, field, double_to_voidp_ptr(buffer.pointer), values.length, C_API_DTYPE_FLOAT64),
          "LGBM_DatasetSetField(" + field + ")");
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    check(LGBM_DatasetFree(handle), "LGBM_DatasetFree");
    delete_voidpp(handleOut);
  }
}
