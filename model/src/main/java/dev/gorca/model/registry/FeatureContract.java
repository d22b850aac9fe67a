package dev.gorca.model.registry;

import dev.gorca.features.schema.FeatureSchema;
import java.util.List;
import java.util.Objects;

/**
 * The features a caller will feed the model: its schema version and the feature names in column
 * order. A stored model is refused unless it was trained on exactly these.
 */
public record FeatureContract(String schemaVersion, List<String> featureNames) {
  public FeatureContract {
    Objects.requireNonNull(schemaVersion, "schemaVersion == null");
    featureNames = List.copyOf(featureNames);
  }

  public static FeatureContract of(FeatureSchema schema) {
    return new FeatureContract(schema.version(), schema.names());
  }
}
