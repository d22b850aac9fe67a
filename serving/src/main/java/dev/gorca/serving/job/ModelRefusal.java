package dev.gorca.serving.job;

/**
 * An announced model the job would not switch to (missing, corrupt, another feature schema), and
 * the model it kept scoring with. A Flink POJO.
 */
public final class ModelRefusal {
  public String registryDir;
  public String modelId;
  /** The model still in use. */
  public String keptModelId;
  /** What was wrong, from the registry. */
  public String message;

  public ModelRefusal() {}

  public static ModelRefusal of(ModelAnnouncement announcement, String keptModelId, String message) {
    ModelRefusal refusal = new ModelRefusal();
    refusal.registryDir = String.valueOf(announcement.registryDir);
    refusal.modelId = String.valueOf(announcement.modelId);
    refusal.keptModelId = keptModelId;
    refusal.message = message;
    return refusal;
  }

  @Override
  public String toString() {
    return "refused model " + modelId + " in " + registryDir + ", kept " + keptModelId + ": " + message;
  }
}
