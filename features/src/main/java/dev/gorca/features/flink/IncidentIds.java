package dev.gorca.features.flink;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Incident ids derived from what the incident is, so a replayed stream yields the same ids. */
public final class IncidentIds {
  private IncidentIds() {}

  public static String crash(String service, String instance, long crashTsMs) {
    return id("crash", service, instance, crashTsMs);
  }

  public static String live(String service, String instance, long episodeOpenedTsMs) {
    return id("live", service, instance, episodeOpenedTsMs);
  }

  private static String id(String type, String service, String instance, long tsMs) {
    String name = type + "\n" + service + "\n" + instance + "\n" + tsMs;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
