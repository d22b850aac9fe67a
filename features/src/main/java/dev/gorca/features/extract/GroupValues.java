package dev.gorca.features.extract;

import dev.gorca.features.schema.FeatureSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one feature group, in the group's schema order, all NaN until set. Dump and crash
 * features are computed when their event arrives and kept this way until the incident is assembled.
 */
final class GroupValues {
  private final Map<String, Integer> index = new HashMap<>();
  private final double[] values;

  GroupValues(List<String> names) {
    for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
    values = new double[names.size()];
    Arrays.fill(values, Double.NaN);
  }

  void set(String name, double value) {
    Integer i = index.get(name);
    if (i == null) throw new IllegalStateException("not a feature of this group: " + name);
    values[i] = value;
  }

  double[] values() {
    return values.clone();
  }

  static void apply(List<String> names, double[] values, FeatureSchema.Builder features) {
    if (values.length != names.size()) {
      throw new IllegalArgumentException("expected " + names.size() + " values, got " + values.length);
    }
    for (int i = 0; i < names.size(); i++) features.set(names.get(i), values[i]);
  }
}
