package dev.gorca.features.schema;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Feature values in schema order, with the version of the schema they follow. A vector never
 * travels without its schema version: a model refuses vectors of another schema.
 */
public record FeatureVector(String schemaVersion, double[] values) {
  public FeatureVector {
    Objects.requireNonNull(schemaVersion, "schemaVersion == null");
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** Name to value in schema order, NaN for missing. */
  public Map<String, Double> named(FeatureSchema schema) {
    schema.requireVersion(schemaVersion);
    Map<String, Double> named = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) named.put(schema.definitions().get(i).name(), values[i]);
    return named;
  }

  public double get(FeatureSchema schema, String name) {
    schema.requireVersion(schemaVersion);
    return values[schema.indexOf(name)];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureVector other
        && schemaVersion.equals(other.schemaVersion)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * schemaVersion.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FeatureVector[" + schemaVersion + ", " + values.length + " values]";
  }
}
