package dev.gorca.model.registry;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.gbm.TrainingData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model came from: enough to know what it expects, to reproduce it, and to trace an
 * incremental model to its parent. Stored beside the model as provenance.json.
 *
 * @param modelId {@code gorca-<trained-at, UTC, basic ISO>-<first 8 hex of SHA-256 of model.txt>}
 * @param trainedAt when training finished, whole seconds
 * @param featureSchemaVersion the {@link FeatureSchema#version()} of the training vectors
 * @param featureNames feature names in column order
 * @param classNames root-cause ids in class-index order
 * @param trainingDataHash {@link TrainingData#contentHash()} of the rows the model was fitted on
 * @param rowsPerClass training rows per class name, in class order
 * @param parameters LightGBM parameters and trainer settings
 * @param seed the random seed (also among the parameters)
 * @param lightGbmVersion the LightGBM release that trained it, e.g. 4.3.0
 * @param javaVersion the JVM that trained it
 * @param parentModelId the model an incremental training continued from, or null
 * @param metrics evaluation metrics by id, e.g. {@code valid.multi_logloss}; finite values only
 * @param notes free-form, e.g. why the model was trained
 */
public record Provenance(
    String modelId,
    Instant trainedAt,
    String featureSchemaVersion,
    List<String> featureNames,
    List<String> classNames,
    String trainingDataHash,
    Map<String, Integer> rowsPerClass,
    Map<String, String> parameters,
    long seed,
    String lightGbmVersion,
    String javaVersion,
    String parentModelId,
    Map<String, Double> metrics,
    String notes) {

  public Provenance {
    Objects.requireNonNull(modelId, "modelId == null");
    ModelIds.requireValid(modelId);
    Objects.requireNonNull(trainedAt, "trainedAt == null");
    if (!trainedAt.truncatedTo(ChronoUnit.SECONDS).equals(trainedAt)) {
      throw new IllegalArgumentException("trainedAt is stored in whole seconds, got " + trainedAt);
    }
    Objects.requireNonNull(featureSchemaVersion, "featureSchemaVersion == null");
    featureNames = List.copyOf(featureNames);
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(trainingDataHash, "trainingDataHash == null");
    rowsPerClass = orderedCopy(rowsPerClass);
    parameters = orderedCopy(parameters);
    Objects.requireNonNull(lightGbmVersion, "lightGbmVersion == null");
    Objects.requireNonNull(javaVersion, "javaVersion == null");
    if (parentModelId != null) ModelIds.requireValid(parentModelId);
    metrics = orderedCopy(metrics);
    for (Map.Entry<String, Double> metric : metrics.entrySet()) {
      if (!Double.isFinite(metric.getValue())) {
        throw new IllegalArgumentException("metric " + metric.getKey() + " is " + metric.getValue() + "; only finite values are stored");
      }
    }
    notes = notes == null ? "" : notes;
    if (featureNames.isEmpty()) throw new IllegalArgumentException("featureNames is empty");
    if (classNames.size() < 2) throw new IllegalArgumentException("a classifier has at least 2 classes, got " + classNames);
  }

  public Optional<String> parent() {
    return Optional.ofNullable(parentModelId);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Insertion-ordered and unmodifiable: provenance.json lists entries as they were given. */
  private static <V> Map<String, V> orderedCopy(Map<String, V> source) {
    Map<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : source.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "null key"), Objects.requireNonNull(e.getValue(), "null value for " + e.getKey()));
    }
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Builds a provenance; {@link #training} and {@link #schema} fill most fields from their sources. */
  public static final class Builder {
    private String modelId;
    private Instant trainedAt;
    private String featureSchemaVersion;
    private List<String> featureNames = List.of();
    private List<String> classNames = List.of();
    private String trainingDataHash;
    private Map<String, Integer> rowsPerClass = Map.of();
    private Map<String, String> parameters = Map.of();
    private long seed;
    private String lightGbmVersion = GbmModel.lightGbmVersion();
    private String javaVersion = System.getProperty("java.version");
    private String parentModelId;
    private Map<String, Double> metrics = Map.of();
    private String notes = "";

    private Builder() {}

    private Builder(Provenance p) {
      modelId = p.modelId;
      trainedAt = p.trainedAt;
      featureSchemaVersion = p.featureSchemaVersion;
      featureNames = p.featureNames;
      classNames = p.classNames;
      trainingDataHash = p.trainingDataHash;
      rowsPerClass = p.rowsPerClass;
      parameters = p.parameters;
      seed = p.seed;
      lightGbmVersion = p.lightGbmVersion;
      javaVersion = p.javaVersion;
      parentModelId = p.parentModelId;
      metrics = p.metrics;
      notes = p.notes;
    }

    /** The id from the training time and the model text's content hash ({@link ModelIds#of}). */
    public Builder modelIdFor(String modelText) {
      if (trainedAt == null) throw new IllegalStateException("set trainedAt before modelIdFor: the id contains it");
      modelId = ModelIds.of(trainedAt, modelText);
      return this;
    }

    public Builder modelId(String value) { modelId = value; return this; }
    public Builder trainedAt(Instant value) { trainedAt = value.truncatedTo(ChronoUnit.SECONDS); return this; }

    public Builder schema(FeatureSchema schema) {
      featureSchemaVersion = schema.version();
      featureNames = schema.names();
      return this;
    }

    public Builder featureSchemaVersion(String value) { featureSchemaVersion = value; return this; }
    public Builder featureNames(List<String> value) { featureNames = value; return this; }
    public Builder classNames(List<String> value) { classNames = value; return this; }

    /** Data hash, rows per class, class names, LightGBM parameters, trainer settings and seed. */
    public Builder training(TrainingData data, GbmParams params) {
      trainingDataHash = data.contentHash();
      rowsPerClass = data.rowsPerClass();
      classNames = data.classNames();
      Map<String, String> all = new LinkedHashMap<>(params.asMap(data.numClasses()));
      all.putAll(params.trainerSettings());
      parameters = all;
      seed = params.seed();
      return this;
    }

    public Builder trainingDataHash(String value) { trainingDataHash = value; return this; }
    public Builder rowsPerClass(Map<String, Integer> value) { rowsPerClass = value; return this; }
    public Builder parameters(Map<String, String> value) { parameters = value; return this; }
    public Builder seed(long value) { seed = value; return this; }
    public Builder lightGbmVersion(String value) { lightGbmVersion = value; return this; }
    public Builder javaVersion(String value) { javaVersion = value; return this; }
    public Builder parentModelId(String value) { parentModelId = value; return this; }
    public Builder metrics(Map<String, Double> value) { metrics = value; return this; }
    public Builder notes(String value) { notes = value; return this; }

    public Provenance build() {
      return new Provenance(modelId, trainedAt, featureSchemaVersion, featureNames, classNames, trainingDataHash,
          rowsPerClass, parameters, seed, lightGbmVersion, javaVersion, parentModelId, metrics, notes);
    }
  }
}
