package dev.gorca.features.schema;

/** Where a feature's evidence comes from. */
public enum FeatureGroup {
  /** Prometheus samples in the windows before the incident. */
  METRICS,
  /** The shape of the goroutine dump beside the incident. */
  DUMP,
  /** The crash output itself. */
  CRASH,
  /** Which inputs the incident had at all. */
  INPUTS
}
