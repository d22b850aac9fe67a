package dev.gorca.features.schema;

import java.util.Objects;

/**
 * One named feature: what it measures, in what unit, over which window, and what its absence
 * means. Missing values are NaN, never 0: "no goroutines grew" and "we had no metrics" differ.
 *
 * @param name unique, snake_case, built by {@link FeatureNames}
 * @param group the evidence it is computed from
 * @param unit e.g. {@code goroutines}, {@code bytes/s}, {@code ratio}, {@code code}
 * @param formula how it is computed, in words a reviewer can check
 * @param window {@code 5m}, {@code 1m}, {@code last} or {@code -} (not windowed)
 * @param whenMissing when the value is NaN
 * @param categorical true for codes (crash kind, signal), which the model splits on by category
 * @param modelInput false for features kept for people and backtests but hidden from the model
 *     (the model sees NaN): a code whose values the model cannot generalise across
 */
public record FeatureDefinition(
    String name,
    FeatureGroup group,
    String unit,
    String formula,
    String window,
    String whenMissing,
    boolean categorical,
    boolean modelInput) {
  public FeatureDefinition {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(unit, "unit == null");
    Objects.requireNonNull(formula, "formula == null");
    Objects.requireNonNull(window, "window == null");
    Objects.requireNonNull(whenMissing, "whenMissing == null");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("feature names are snake_case, got: \"" + name + "\"");
    }
  }

  static FeatureDefinition numeric(String name, FeatureGroup group, String unit, String window, String formula, String whenMissing) {
    return new FeatureDefinition(name, group, unit, formula, window, whenMissing, false, true);
  }

  static FeatureDefinition categorical(String name, FeatureGroup group, String formula, String whenMissing) {
    return new FeatureDefinition(name, group, "code", formula, "-", whenMissing, true, true);
  }

  FeatureDefinition notModelInput() {
    return new FeatureDefinition(name, group, unit, formula, window, whenMissing, categorical, false);
  }
}
