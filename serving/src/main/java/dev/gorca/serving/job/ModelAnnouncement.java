package dev.gorca.serving.job;

import java.util.Objects;

/**
 * "Score with this model from now on": a registry directory and a model id in it, as published on
 * the models topic after a promotion. A Flink POJO.
 */
public final class ModelAnnouncement {
  public String registryDir;
  public String modelId;

  public ModelAnnouncement() {}

  public static ModelAnnouncement of(String registryDir, String modelId) {
    ModelAnnouncement announcement = new ModelAnnouncement();
    announcement.registryDir = registryDir;
    announcement.modelId = modelId;
    return announcement;
  }

  /** The models topic's form, {@code {"registry": DIR, "model_id": ID}}, read by {@link DecodeAnnouncements}. */
  public byte[] toJson() {
    var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    node.put("registry", registryDir);
    node.put("model_id", modelId);
    return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelAnnouncement a && Objects.equals(registryDir, a.registryDir)
        && Objects.equals(modelId, a.modelId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registryDir, modelId);
  }

  @Override
  public String toString() {
    return modelId + " in " + registryDir;
  }
}
