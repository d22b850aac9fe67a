package dev.gorca.serving.config;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.serving.job.JobSettings;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.learning.LearningSettings;
import dev.gorca.serving.store.StoreSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the streaming job needs, read from {@link Settings}: Kafka, topics, the model registry,
 * the store, the learning loop, parallelism and checkpoints.
 *
 * @param checkpointDir durable checkpoint storage URI, or "" for Flink's configured default
 */
public record PipelineConfig(String bootstrapServers, Map<String, String> kafkaProperties, Topics topics,
    JobSettings job, int parallelism, Duration checkpointInterval, String checkpointDir) {
  public PipelineConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (parallelism < 1) throw new IllegalArgumentException("expected job.parallelism >= 1, found " + parallelism);
  }

  public static PipelineConfig from(Settings settings) {
    String models = settings.get(SettingKey.MODELS_DIR).orElse(GorcaHome.shippedModels().toString());
    Topics topics = new Topics(settings.string(SettingKey.TOPIC_CRASHES), settings.string(SettingKey.TOPIC_METRICS),
        settings.string(SettingKey.TOPIC_DUMPS), settings.string(SettingKey.TOPIC_LABELS),
        settings.string(SettingKey.TOPIC_MODELS), settings.string(SettingKey.TOPIC_INCIDENTS),
        settings.string(SettingKey.TOPIC_DLQ));
    StoreSettings store = settings.get(SettingKey.STORE_URL)
        .map(url -> new StoreSettings(url, settings.string(SettingKey.STORE_USER), settings.string(SettingKey.STORE_PASSWORD)))
        .orElse(null);
    LearningSettings learning = null;
    if (store != null && settings.bool(SettingKey.LEARNING_ENABLED)) {
      learning = new LearningSettings(settings.integer(SettingKey.LEARNING_MIN_LABELS),
          settings.duration(SettingKey.LEARNING_MAX_WAIT), models,
          settings.get(SettingKey.LEARNING_LAB_CAPTURES).orElse(GorcaHome.labCaptures().toString()),
          settings.integer(SettingKey.LEARNING_SEED));
    }
    Map<String, String> kafka = new java.util.TreeMap<>(settings.kafkaProperties());
    String bootstrap = kafka.remove("bootstrap.servers");
    JobSettings job = new JobSettings(models, AssemblyConfig.defaults(), EnvelopeLimits.DEFAULT, store, learning);
    return new PipelineConfig(bootstrap == null ? SettingKey.KAFKA_BOOTSTRAP.defaultValue() : bootstrap, kafka, topics,
        job, settings.integer(SettingKey.JOB_PARALLELISM), settings.duration(SettingKey.JOB_CHECKPOINT_INTERVAL),
        settings.string(SettingKey.JOB_CHECKPOINT_DIR));
  }

  public PipelineConfig withJob(JobSettings settings) {
    return new PipelineConfig(bootstrapServers, kafkaProperties, topics, settings, parallelism, checkpointInterval,
        checkpointDir);
  }
}
