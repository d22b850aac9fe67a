package dev.gorca.serving.job;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.serving.learning.LearningSettings;
import dev.gorca.serving.store.StoreSettings;
import java.util.Objects;

/**
 * What the job does beyond its sources and sinks.
 *
 * @param registryDir the model registry whose current model scores until an announcement
 * @param store the incident store scored incidents and labels are written to; null for none
 * @param learning the learning loop's settings; null to not learn (labels are then only counted). Needs a store
 */
public record JobSettings(String registryDir, AssemblyConfig assembly, EnvelopeLimits limits, StoreSettings store,
    LearningSettings learning) {
  public JobSettings {
    Objects.requireNonNull(registryDir, "registryDir == null");
    Objects.requireNonNull(assembly, "assembly == null");
    Objects.requireNonNull(limits, "limits == null");
    if (learning != null && store == null) {
      throw new IllegalArgumentException("the learning loop joins labels with stored incidents: configure the store"
          + " (store.url) or turn learning off");
    }
  }

  /** Scoring only: no store, no learning. */
  public static JobSettings scoringOnly(String registryDir) {
    return new JobSettings(registryDir, AssemblyConfig.defaults(), EnvelopeLimits.DEFAULT, null, null);
  }

  public JobSettings withStore(StoreSettings settings) {
    return new JobSettings(registryDir, assembly, limits, settings, learning);
  }

  public JobSettings withLearning(LearningSettings settings) {
    return new JobSettings(registryDir, assembly, limits, store, settings);
  }

  public JobSettings withLimits(EnvelopeLimits envelopeLimits) {
    return new JobSettings(registryDir, assembly, envelopeLimits, store, learning);
  }

  public JobSettings withAssembly(AssemblyConfig config) {
    return new JobSettings(registryDir, config, limits, store, learning);
  }
}
