package dev.gorca.serving.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gorca's settings as flat dotted keys ({@code store.url}, {@code kafka.bootstrap.servers}), read from a
 * YAML file (nested maps flatten to dotted keys), then environment variables ({@code GORCA_STORE_URL}),
 * then command-line overrides — later sources win. Typed accessors say which key was wrong and how.
 */
public final class Settings {
  /** Keys under this prefix are passed to Kafka clients as they are (security settings, say). */
  public static final String KAFKA_PREFIX = "kafka.";
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> values;
  private final String origin;

  private Settings(Map<String, String> values, String origin) {
    this.values = new TreeMap<>(values);
    this.origin = origin;
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values, "settings");
  }

  /**
   * @param yaml the file, or null for none
   * @param environment usually {@code System.getenv()}; only {@code GORCA_*} variables are read
   * @param overrides from the command line, applied last
   */
  public static Settings load(Path yaml, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>();
    if (yaml != null) values.putAll(readYaml(yaml));
    environment.forEach((name, value) -> keyOfEnvironmentVariable(name).ifPresent(key -> values.put(key, value)));
    values.putAll(overrides);
    return new Settings(values, yaml == null ? "environment" : yaml.toString());
  }

  /** {@code store.url} → {@code GORCA_STORE_URL}; {@code learning.min-labels} → {@code GORCA_LEARNING_MIN_LABELS}. */
  public static String environmentVariable(String key) {
    return "GORCA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The inverse of {@link #environmentVariable} for gorca's keys; {@code GORCA_KAFKA_SASL_MECHANISM} gives
   * {@code kafka.sasl.mechanism} (Kafka property names have dots only).
   */
  static Optional<String> keyOfEnvironmentVariable(String name) {
    if (!name.startsWith("GORCA_")) return Optional.empty();
    String rest = name.substring("GORCA_".length());
    if (rest.startsWith("KAFKA_")) return Optional.of(rest.toLowerCase(Locale.ROOT).replace('_', '.'));
    for (SettingKey key : SettingKey.values()) {
      if (environmentVariable(key.key()).equals(name)) return Optional.of(key.key());
    }
    return Optional.empty();
  }

  private static Map<String, String> readYaml(Path yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(yaml));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the configuration " + yaml + ": " + e.getMessage()
          + "; see docs/operations.md for an example gorca.yaml", e);
    }
    Map<String, String> flat = new TreeMap<>();
    if (root != null && !root.isMissingNode() && !root.isNull()) {
      if (!root.isObject()) {
        throw new IllegalArgumentException("expected " + yaml + " to be a YAML map of settings, found a " + root.getNodeType());
      }
      flatten("", root, flat);
    }
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      if (field.getValue().isObject()) {
        flatten(key + ".", field.getValue(), out);
      } else if (!field.getValue().isNull()) {
        out.put(key, field.getValue().asText());
      }
    }
  }

  /** Fails on keys gorca does not know (a typo would otherwise be silently ignored). */
  public Settings requireKnownKeys() {
    for (String key : values.keySet()) {
      if (!key.startsWith(KAFKA_PREFIX) && SettingKey.byKey(key).isEmpty()) {
        throw new IllegalArgumentException("unknown setting \"" + key + "\" in " + origin + "; known settings: "
            + SettingKey.describeAll() + ", and kafka.<client property>");
      }
    }
    return this;
  }

  public Optional<String> get(SettingKey key) {
    String value = values.get(key.key());
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(SettingKey key) {
    return get(key).orElse(key.defaultValue());
  }

  public String required(SettingKey key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException("setting " + key.key() + " is required ("
        + key.description() + "); set it in " + origin + " or as " + environmentVariable(key.key())));
  }

  public int integer(SettingKey key) {
    String value = string(key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key.key() + ": expected an integer, found \"" + value + "\"");
    }
  }

  public boolean bool(SettingKey key) {
    String value = string(key).toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("false")) return Boolean.parseBoolean(value);
    throw new IllegalArgumentException("setting " + key.key() + ": expected true or false, found \"" + value + "\"");
  }

  public Duration duration(SettingKey key) {
    return parseDuration(key.key(), string(key));
  }

  static Duration parseDuration(String key, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("setting " + key + ": expected a duration such as 500ms, 30s, 10m, 2h, found \""
          + value + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Kafka client properties given as {@code kafka.<property>}, without the prefix. */
  public Map<String, String> kafkaProperties() {
    Map<String, String> kafka = new TreeMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PREFIX)) kafka.put(key.substring(KAFKA_PREFIX.length()), value);
    });
    return kafka;
  }

  public Settings with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new Settings(copy, origin);
  }
}
