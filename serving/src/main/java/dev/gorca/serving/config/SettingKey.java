package dev.gorca.serving.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every setting gorca reads, with its default and what it is for. docs/operations.md is generated from nothing else. */
public enum SettingKey {
  KAFKA_BOOTSTRAP("kafka.bootstrap.servers", "localhost:9092", "Kafka brokers, host:port[,host:port]"),
  TOPIC_CRASHES("topics.crashes", "gorca.crashes", "crash events in"),
  TOPIC_METRICS("topics.metrics", "gorca.metrics", "metric scrapes in"),
  TOPIC_DUMPS("topics.dumps", "gorca.dumps", "goroutine dumps in"),
  TOPIC_LABELS("topics.labels", "gorca.labels", "operators' labels in"),
  TOPIC_MODELS("topics.models", "gorca.models", "model announcements, in and out"),
  TOPIC_INCIDENTS("topics.incidents", "gorca.incidents", "scored incidents out"),
  TOPIC_DLQ("topics.dlq", "gorca.dlq", "dead letters out"),
  MODELS_DIR("models.dir", "", "the model registry directory (default: gorca's shipped models/); every TaskManager reads it"),
  STORE_URL("store.url", "", "the incident store, jdbc:postgresql://host:port/db"),
  STORE_USER("store.user", "", "incident store user"),
  STORE_PASSWORD("store.password", "", "incident store password (prefer the environment variable)"),
  LEARNING_ENABLED("learning.enabled", "true", "run the learning loop on labels"),
  LEARNING_MIN_LABELS("learning.min-labels", "20", "new labels that trigger an incremental step"),
  LEARNING_MAX_WAIT("learning.max-wait", "10m", "longest wait after a first new label before a step runs"),
  LEARNING_LAB_CAPTURES("learning.lab-captures", "", "the lab captures every step replays (default: gorca's lab/captures)"),
  LEARNING_SEED("learning.seed", "42", "seed of incremental training"),
  JOB_PARALLELISM("job.parallelism", "2", "parallelism of the Flink job"),
  JOB_CHECKPOINT_INTERVAL("job.checkpoint-interval", "10s", "checkpoint interval; also when incidents become visible"),
  JOB_CHECKPOINT_DIR("job.checkpoint-dir", "", "durable checkpoint storage, e.g. file:///var/lib/gorca/checkpoints"),
  HTTP_BIND("http.bind", "127.0.0.1", "address the UI and API listen on"),
  HTTP_PORT("http.port", "8080", "port of the UI and API"),
  HTTP_VIEWER_TOKEN("http.viewer-token", "", "token required to view incidents; empty = open viewing"),
  HTTP_OPERATORS("http.operators", "", "operators allowed to label, name:token[,name:token]");

  private final String key;
  private final String defaultValue;
  private final String description;

  SettingKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public static Optional<SettingKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  static String describeAll() {
    return Arrays.stream(values()).map(SettingKey::key).collect(Collectors.joining(", "));
  }
}
