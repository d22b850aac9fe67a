package dev.gorca.model.gbm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled feature rows: row i has {@code featureNames.size()} values (NaN = missing) and the class
 * index {@code labels[i]} into {@code classNames}. Copied on the way in and out, so it never changes.
 */
public record TrainingData(List<String> featureNames, List<String> classNames, double[][] rows, int[] labels) {

  public TrainingData {
    featureNames = List.copyOf(featureNames);
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(rows, "rows == null");
    Objects.requireNonNull(labels, "labels == null");
    if (classNames.size() < 2) throw new IllegalArgumentException("a multiclass model needs at least 2 classes, got " + classNames);
    if (rows.length != labels.length) {
      throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels: every row needs one label");
    }
    double[][] copy = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null || rows[r].length != featureNames.size()) {
        throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
            + " values, expected one per feature (" + featureNames.size() + ")");
      }
      if (labels[r] < 0 || labels[r] >= classNames.size()) {
        throw new IllegalArgumentException("row " + r + " has label " + labels[r] + ", expected a class index in 0.."
            + (classNames.size() - 1));
      }
      copy[r] = rows[r].clone();
    }
    rows = copy;
    labels = labels.clone();
  }

  @Override
  public double[][] rows() {
    double[][] copy = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) copy[r] = rows[r].clone();
    return copy;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  public int numRows() {
    return rows.length;
  }

  public int numFeatures() {
    return featureNames.size();
  }

  public int numClasses() {
    return classNames.size();
  }

  public double[] row(int index) {
    return rows[index].clone();
  }

  public int label(int index) {
    return labels[index];
  }

  public int[] countsPerClass() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) counts[label]++;
    return counts;
  }

  /** Rows per class name, in class order, zeros included: for provenance. */
  public Map<String, Integer> rowsPerClass() {
    int[] counts = countsPerClass();
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (int k = 0; k < counts.length; k++) byName.put(classNames.get(k), counts[k]);
    return byName;
  }

  /**
   * Balanced class weights n/(K·n_k): every class then carries the same total weight. A class
   * without rows gets 0 (no row carries it anyway).
   */
  public double[] balancedClassWeights() {
    int[] counts = countsPerClass();
    double[] weights = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      weights[k] = counts[k] == 0 ? 0 : (double) rows.length / ((double) counts.length * counts[k]);
    }
    return weights;
  }

  /**
   * These rows followed by {@code more}: e.g. new labelled rows with a replay of the old training
   * rows, so continuing a model does not forget what the new rows do not show.
   */
  public TrainingData plus(TrainingData more) {
    if (!more.featureNames.equals(featureNames) || !more.classNames.equals(classNames)) {
      throw new IllegalArgumentException("cannot join rows of other features or classes: " + this + " + " + more);
    }
    double[][] joined = java.util.Arrays.copyOf(rows, rows.length + more.rows.length);
    System.arraycopy(more.rows, 0, joined, rows.length, more.rows.length);
    int[] joinedLabels = java.util.Arrays.copyOf(labels, labels.length + more.labels.length);
    System.arraycopy(more.labels, 0, joinedLabels, labels.length, more.labels.length);
    return new TrainingData(featureNames, classNames, joined, joinedLabels);
  }

  /** Rows at the given indices, in that order. */
  public TrainingData subset(int[] indices) {
    double[][] picked = new double[indices.length][];
    int[] pickedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      picked[i] = rows[indices[i]];
      pickedLabels[i] = labels[indices[i]];
    }
    return new TrainingData(featureNames, classNames, picked, pickedLabels);
  }

  /**
   * SHA-256 over feature names, class names, every value's IEEE bits and every label: two data
   * sets with this hash trained the same model (given the same parameters and seed).
   */
  public String contentHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String name : featureNames) sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      for (String name : classNames) sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * featureNames.size() + Integer.BYTES);
      for (int r = 0; r < rows.length; r++) {
        buffer.clear();
        for (double value : rows[r]) buffer.putLong(Double.doubleToLongBits(value));
        buffer.putInt(labels[r]);
        sha.update(buffer.array(), 0, buffer.position());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingData other && contentHash().equals(other.contentHash());
  }

  @Override
  public int hashCode() {
    return contentHash().hashCode();
  }

  @Override
  public String toString() {
    return "TrainingData[" + rows.length + " rows, " + featureNames.size() + " features, " + classNames.size() + " classes]";
  }
}
