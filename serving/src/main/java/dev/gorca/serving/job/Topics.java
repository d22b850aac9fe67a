package dev.gorca.serving.job;

import java.io.Serializable;
import java.util.Map;

/** The job's topic names; every one can be overridden, the defaults are gorca's. */
public record Topics(String crashes, String metrics, String dumps, String labels, String models, String incidents,
    String deadLetters) implements Serializable {
  public static final Topics DEFAULTS = new Topics("gorca.crashes", "gorca.metrics", "gorca.dumps", "gorca.labels",
      "gorca.models", "gorca.incidents", "gorca.dlq");

  public Topics {
    for (String topic : new String[] {crashes, metrics, dumps, labels, models, incidents, deadLetters}) {
      if (topic == null || topic.isBlank()) throw new IllegalArgumentException("a topic name is blank");
    }
  }

  /** The defaults with overrides from options named {@code topic.crashes}, {@code topic.dlq}, ... */
  public static Topics from(Map<String, String> options) {
    return new Topics(options.getOrDefault("topic.crashes", DEFAULTS.crashes),
        options.getOrDefault("topic.metrics", DEFAULTS.metrics), options.getOrDefault("topic.dumps", DEFAULTS.dumps),
        options.getOrDefault("topic.labels", DEFAULTS.labels), options.getOrDefault("topic.models", DEFAULTS.models),
        options.getOrDefault("topic.incidents", DEFAULTS.incidents), options.getOrDefault("topic.dlq", DEFAULTS.deadLetters));
  }
}
