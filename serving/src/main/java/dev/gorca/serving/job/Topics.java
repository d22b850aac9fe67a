package dev.gorca.serving.job;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The job's topic names; every one can be overridden, the defaults are gorca's. */
public record Topics(String crashes, String metrics, String dumps, String labels, String models, String incidents,
    String deadLetters) implements Serializable {
  public static final Topics DEFAULTS = new Topics("gorca.crashes", "gorca.metrics", "gorca.dumps", "gorca.labels",
      "gorca.models", "gorca.incidents", "gorca.dlq");

  public Topics {
    List<String> names = java.util.Arrays.asList(crashes, metrics, dumps, labels, models, incidents, deadLetters);
    for (String name : names) {
      if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("expected a Kafka topic name ([a-zA-Z0-9._-], at most 249 characters),"
            + " found \"" + name + "\"");
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("expected seven distinct topic names, found " + names);
    }
  }

  /** All seven, in declaration order. */
  public List<String> all() {
    return List.of(crashes, metrics, dumps, labels, models, incidents, deadLetters);
  }

  /** The defaults with overrides from options named {@code topic.crashes}, {@code topic.dlq}, ... */
  public static Topics from(Map<String, String> options) {
    return new Topics(options.getOrDefault("topic.crashes", DEFAULTS.crashes),
        options.getOrDefault("topic.metrics", DEFAULTS.metrics), options.getOrDefault("topic.dumps", DEFAULTS.dumps),
        options.getOrDefault("topic.labels", DEFAULTS.labels), options.getOrDefault("topic.models", DEFAULTS.models),
        options.getOrDefault("topic.incidents", DEFAULTS.incidents), options.getOrDefault("topic.dlq", DEFAULTS.deadLetters));
  }
}
